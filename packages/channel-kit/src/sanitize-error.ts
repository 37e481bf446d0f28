import { redactSecrets, type Secrets } from './redact-secrets.js';

/**
 * A copy of `error` and its `cause` chain that is safe to keep as a DeliveryError's cause:
 * only `name`, `message`, `code` and `stack`, with URLs masked, tokens and `secrets` removed.
 * Library errors may carry the request URL (undici's do), the socket or the request
 * options; none of that survives the copy.
 */
export function sanitizeError(error: unknown, secrets: Secrets = [], depth = 0): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const cause =
    source.cause !== undefined && source.cause !== source && depth < 4
      ? sanitizeError(source.cause, secrets, depth + 1)
      : undefined;
  const message = redactSecrets(messageOf(source), secrets);
  const copy = new Error(message, cause === undefined ? undefined : { cause });
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  }
  copy.stack = redactSecrets(source.stack ?? `${source.name}: ${message}`, secrets);
  return copy;
}

/** An error's message; for an AggregateError without one (a refused dual-stack connect), its first error's. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message !== '') return error.message;
  const inner = (error as Partial<AggregateError>).errors;
  return Array.isArray(inner) && inner.length > 0 ? messageOf(inner[0]) : '';
}
