/**
 * `show security pki ca-certificate | local-certificate | certificate-request
 * | key-pair | crl` (junos-pki.md §3.11). Nothing stored: no output (as
 * Junos); a named object that does not exist: an error.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { CertificateInfo } from '../../pki/certificate.js';
import { formatJunosDate } from '../../pki/junos-date.js';
import { parsePrivateKey } from '../../pki/key-pair.js';
import { pkiDiagnostic } from '../../pki/pki-diagnostic.js';
import { readCaCertificate, readCrl, readLocalCertificate, readRequest } from '../../pki/pki-objects.js';
import {
  renderCaCertificateBrief,
  renderCaCertificateDetail,
  renderLocalCertificateBrief,
  renderLocalCertificateDetail,
  renderLsysBlocks,
  type LocalCertView,
} from '../render/render-certificate.js';
import {
  renderCrl,
  renderKeyPair,
  renderRequestBrief,
  renderRequestDetail,
} from '../render/render-pki-misc.js';
import { configObject, type OpContext } from './op-context.js';
import type { OpCommandSpec } from './op-tree.js';
import { BRIEF_DETAIL, ensureSystemGenerated, failed, str, SYSTEM_GENERATED } from './pki-op-helpers.js';

/**
 * Extra status lines for local certificates that enrollment knows about
 * (SCEP/CMP register a provider: pending, polling, failed with the reason).
 * A provider returns, per certificate-id, lines already indented by two spaces.
 */
export type LocalCertStatusProvider = (ctx: OpContext) => ReadonlyMap<string, string>;

const statusProviders: LocalCertStatusProvider[] = [];

export function registerLocalCertificateStatus(p: LocalCertStatusProvider): void {
  statusProviders.push(p);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Auto-re-enrollment block from `security pki auto-re-enrollment (scep|cmpv2|acme)? certificate-id ID`. */
export function reEnrollmentStatus(
  ctx: OpContext,
  id: string,
  cert: CertificateInfo,
): { status: string; nextTrigger: string } {
  const are = configObject(ctx.activeConfig(), ['security', 'pki', 'auto-re-enrollment']);
  let entry: Record<string, unknown> | undefined;
  for (const form of [['scep'], ['cmpv2'], ['acme'], []]) {
    const list = form.length
      ? isObj(are?.[form[0]])
        ? (are![form[0]] as Record<string, unknown>)['certificate-id']
        : undefined
      : are?.['certificate-id'];
    const e = isObj(list) ? list[id] : undefined;
    if (isObj(e) && !(isObj(e['@']) && (e['@'] as { inactive?: boolean }).inactive)) {
      entry = e;
      break;
    }
  }
  if (!entry) return { status: 'Disabled', nextTrigger: 'Timer not started' };
  const life = cert.notAfter.getTime() - cert.notBefore.getTime();
  const ret = isObj(entry['re-enroll-time'])
    ? (entry['re-enroll-time'] as Record<string, unknown>)
    : undefined;
  let before: number | undefined;
  if (ret?.days !== undefined) before = Number(ret.days) * 86_400_000;
  else if (ret?.hours !== undefined) before = Number(ret.hours) * 3_600_000;
  else if (ret?.percent !== undefined) before = (life * Number(ret.percent)) / 100;
  else if (entry['re-enroll-trigger-time-percentage'] !== undefined)
    before = (life * Number(entry['re-enroll-trigger-time-percentage'])) / 100;
  if (before === undefined || Number.isNaN(before))
    return { status: 'Enabled', nextTrigger: 'Timer not started' };
  return { status: 'Enabled', nextTrigger: formatJunosDate(new Date(cert.notAfter.getTime() - before)) };
}

export const showCaCertificateCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'ca-certificate'],
  help: 'Show certificate-authority certificate information',
  args: [
    { name: 'ca-profile', help: 'CA profile name', value: { placeholder: 'ca-profile', kind: 'ca-profile' } },
    ...BRIEF_DETAIL,
  ],
  pipe: true,
  async run(args, ctx) {
    const store = ctx.pki();
    const one = str(args, 'ca-profile');
    const profiles = one !== undefined ? [one] : store.list('ca');
    const blocks: string[] = [];
    const diags: Diagnostic[] = [];
    for (const p of profiles) {
      const c = readCaCertificate(store, p);
      if (!c.value) {
        diags.push(...c.diagnostics);
        continue;
      }
      blocks.push(
        args.detail === true ? renderCaCertificateDetail(p, c.value) : renderCaCertificateBrief(p, c.value),
      );
    }
    ctx.stdout.write(renderLsysBlocks(blocks));
    return one !== undefined && diags.length ? failed(...diags) : { diagnostics: diags };
  },
};

export const showLocalCertificateCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'local-certificate'],
  help: 'Show local certificate information',
  args: [
    {
      name: 'certificate-id',
      help: 'Certificate identifier',
      value: { placeholder: 'certificate-id', kind: 'certificate-id' },
      group: 'which',
    },
    { name: 'system-generated', help: 'Show the system-generated certificate', group: 'which' },
    ...BRIEF_DETAIL,
  ],
  pipe: true,
  async run(args, ctx) {
    const gen = ensureSystemGenerated(ctx);
    if (gen.length) return failed(...gen);
    const store = ctx.pki();
    const one = args['system-generated'] === true ? SYSTEM_GENERATED : str(args, 'certificate-id');
    const status = new Map<string, string>();
    for (const p of statusProviders)
      for (const [id, text] of p(ctx)) status.set(id, (status.get(id) ?? '') + text);
    const ids =
      one !== undefined
        ? [one]
        : [...store.list('local'), ...[...status.keys()].filter((id) => !store.has('local', id))];
    const blocks: string[] = [];
    const diags: Diagnostic[] = [];
    for (const id of ids) {
      const extra = status.get(id) ?? '';
      if (!store.has('local', id) && extra) {
        blocks.push(`Certificate identifier: ${id}\n${extra}`);
        continue;
      }
      const c = readLocalCertificate(store, id);
      if (!c.value) {
        diags.push(...c.diagnostics);
        continue;
      }
      const meta = store.meta('local', id);
      const view: LocalCertView = {
        id,
        certificate: c.value,
        keypairLocation: meta?.keyLocation === 'imported' ? 'Keypair imported' : 'Keypair generated locally',
        reEnrollment: reEnrollmentStatus(ctx, id, c.value),
      };
      blocks.push(
        (args.detail === true ? renderLocalCertificateDetail(view) : renderLocalCertificateBrief(view)) +
          extra,
      );
    }
    ctx.stdout.write(renderLsysBlocks(blocks));
    return one !== undefined && diags.length ? failed(...diags) : { diagnostics: diags };
  },
};

export const showCertificateRequestCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'certificate-request'],
  help: 'Show certificate request information',
  args: [
    {
      name: 'certificate-id',
      help: 'Certificate identifier',
      value: { placeholder: 'certificate-id', kind: 'request-id' },
    },
    ...BRIEF_DETAIL,
  ],
  pipe: true,
  async run(args, ctx) {
    const store = ctx.pki();
    const one = str(args, 'certificate-id');
    const ids = one !== undefined ? [one] : store.list('request');
    const blocks: string[] = [];
    const diags: Diagnostic[] = [];
    for (const id of ids) {
      const r = readRequest(store, id);
      if (!r.value) {
        diags.push(...r.diagnostics);
        continue;
      }
      blocks.push(args.detail === true ? renderRequestDetail(id, r.value) : renderRequestBrief(id, r.value));
    }
    ctx.stdout.write(blocks.join('\n'));
    return one !== undefined && diags.length ? failed(...diags) : { diagnostics: diags };
  },
};

export const showKeyPairCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'key-pair'],
  help: 'Show key pairs (pkicfg; not a documented Junos command)',
  args: [
    {
      name: 'certificate-id',
      help: 'Certificate identifier',
      value: { placeholder: 'certificate-id', kind: 'key-pair-id' },
    },
  ],
  pipe: true,
  async run(args, ctx) {
    const store = ctx.pki();
    const one = str(args, 'certificate-id');
    if (one !== undefined && !store.has('key', one)) {
      return failed(pkiDiagnostic('PKI_KEY_NOT_FOUND', `Key pair ${one} does not exist`));
    }
    const ids = one !== undefined ? [one] : store.list('key');
    const blocks: string[] = [];
    const diags: Diagnostic[] = [];
    for (const id of ids) {
      const pem = store.readPem('key', id);
      const k =
        pem === undefined
          ? undefined
          : parsePrivateKey(new Uint8Array(Buffer.from(pem)), store.path('key', id));
      if (!k?.value) {
        diags.push(...(k?.diagnostics ?? []));
        continue;
      }
      const loc =
        store.meta('key', id)?.source === 'imported' ? 'Keypair imported' : 'Keypair generated locally';
      blocks.push(renderKeyPair(id, k.value, loc));
    }
    ctx.stdout.write(blocks.join('\n'));
    return { diagnostics: diags };
  },
};

export const showCrlCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'crl'],
  help: 'Show certificate revocation list information',
  args: [
    { name: 'ca-profile', help: 'CA profile name', value: { placeholder: 'ca-profile', kind: 'ca-profile' } },
    ...BRIEF_DETAIL,
  ],
  pipe: true,
  async run(args, ctx) {
    const store = ctx.pki();
    const one = str(args, 'ca-profile');
    const ids = one !== undefined ? [one] : store.list('crl');
    const blocks: string[] = [];
    const diags: Diagnostic[] = [];
    for (const p of ids) {
      const r = readCrl(store, p);
      if (!r.value) {
        diags.push(...r.diagnostics);
        continue;
      }
      blocks.push(renderCrl(p, r.value, args.detail === true, ctx.now()));
    }
    ctx.stdout.write(blocks.join('\n'));
    return one !== undefined && diags.length ? failed(...diags) : { diagnostics: diags };
  },
};
