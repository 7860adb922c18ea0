/**
 * The light pieces shared by the operational-command table (src/op/specs/)
 * and the commands' implementations: argument-spec builders, the argument
 * specs several commands share, and reading parsed arguments. Nothing here
 * imports past op-tree's types and the diagnostics, so the table that the
 * parser, `?` and TAB read loads no PKI, protocol or store code.
 */
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import type { OpArgs, OpArgSpec, OpResult, OpValueKind } from './op-tree.js';

export const SYSTEM_GENERATED = 'system-generated';

export function str(args: OpArgs, name: string): string | undefined {
  const v = args[name];
  return typeof v === 'string' ? v : undefined;
}

export function failed(...diagnostics: Diagnostic[]): OpResult {
  return { exitCode: 1, diagnostics };
}

export function fromResult<T>(r: Result<T | undefined>): { value: T } | { error: OpResult } {
  return r.value === undefined ? { error: failed(...r.diagnostics) } : { value: r.value };
}

// Argument specs shared by several commands.

/** `NAME <NAME>`: an argument whose value, of KIND, is shown as `<NAME>`. */
export function valueArg(
  name: string,
  help: string,
  kind: OpValueKind,
  more: Omit<OpArgSpec, 'name' | 'help' | 'value'> = {},
): OpArgSpec {
  return { name, help, value: { placeholder: name, kind }, ...more };
}

/** `NAME <PLACEHOLDER>` whose value is one of CHOICES (`[name, help]` pairs). */
export function choiceArg(
  name: string,
  help: string,
  choices: readonly (readonly [string, string])[],
  placeholder = name,
  kind: OpValueKind = 'string',
): OpArgSpec {
  return {
    name,
    help,
    value: { placeholder, kind, choices: choices.map(([n, h]) => ({ name: n, help: h })) },
  };
}

export const CERTIFICATE_ID = valueArg('certificate-id', 'Certificate identifier', 'certificate-id', {
  mandatory: true,
});

/** `ca-profile <ca-profile>`, optional (show, clear). */
export const CA_PROFILE_OPTIONAL = valueArg('ca-profile', 'CA profile name', 'ca-profile');

export const CA_PROFILE: OpArgSpec = { ...CA_PROFILE_OPTIONAL, mandatory: true };

export const FILENAME = valueArg('filename', 'File name', 'filename', { mandatory: true });

export const SAN_ARGS: readonly OpArgSpec[] = [
  valueArg('domain-name', 'Fully qualified domain name', 'domain-name'),
  valueArg('email', 'E-mail address', 'email'),
  valueArg('ip-address', 'IP address', 'ipv4'),
  valueArg('ipv6-address', 'IPv6 address', 'ipv6'),
];

export const SUBJECT: OpArgSpec = {
  name: 'subject',
  help: 'Distinguished name (DC=<domain component>,CN=<common name>,OU=<org unit>,O=<organization>,SN=<serial number>,L=<locality>,ST=<state>,C=<country>)',
  value: { placeholder: 'subject', kind: 'subject' },
  mandatory: true,
};

export const BRIEF_DETAIL: readonly OpArgSpec[] = [
  { name: 'brief', help: 'Display brief output (default)', group: 'level' },
  { name: 'detail', help: 'Display detailed output', group: 'level' },
];
