import { redact } from '@tocsin/core';

/**
 * What to hide from text a person may see: exact strings (a webhook URL, an API key) and
 * patterns of a service's token shapes (Slack's `/\bxox[abposr]-[\w-]+/g`). Patterns must
 * be global.
 */
export type Secrets = readonly (string | RegExp)[];

/**
 * `redact` from core (URLs masked, Bearer and Basic credentials hidden, exact strings
 * replaced by `***`), then every pattern of `secrets` replaced by `***` too.
 */
export function redactSecrets(text: string, secrets: Secrets = []): string {
  const exact: string[] = [];
  const patterns: RegExp[] = [];
  for (const secret of secrets) {
    if (typeof secret === 'string') exact.push(secret);
    else patterns.push(secret);
  }
  let out = redact(text, exact);
  for (const pattern of patterns) out = out.replace(pattern, '***');
  return out;
}
