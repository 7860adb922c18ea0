/**
 * `request security pki generate-key-pair` (junos-pki.md §3.1): a key pair
 * from node:crypto into the PKI store. Its own module (and chunk) so that the
 * command loads neither X.509 code (pkijs) nor the commit store.
 */
import { diagnostic } from '../diag/diagnostic.js';
import { generateKeyPair, resolveKeySpec, type KeyType } from '../pki/key-pair.js';
import { keyPairChange } from '../pki/pki-changes.js';
import { checkId } from '../pki/pki-diagnostic.js';
import type { OpContext } from './op-context.js';
import { failed, fromResult, str } from './op-args.js';
import type { OpArgs, OpResult } from './op-tree.js';

export async function runGenerateKeyPair(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const id = str(args, 'certificate-id')!;
  const bad = checkId(id, 'certificate-id');
  if (bad) return failed(bad);
  const size = str(args, 'size');
  const spec = fromResult(
    resolveKeySpec(str(args, 'type') as KeyType | undefined, size === undefined ? undefined : Number(size)),
  );
  if ('error' in spec) return spec.error;
  const store = ctx.pki();
  if (store.has('key', id)) {
    return failed(
      diagnostic(
        'PKI_KEY_EXISTS',
        `Key pair ${id} already exists (clear security pki key-pair certificate-id ${id} first)`,
      ),
    );
  }
  const key = generateKeyPair(spec.value);
  const done = store.commit([keyPairChange(id, key, { source: 'generated' })]);
  if (!done.value) return failed(...done.diagnostics);
  ctx.stdout.write(`Generated key pair ${id}, key size ${key.size} bits\n`);
  return {};
}
