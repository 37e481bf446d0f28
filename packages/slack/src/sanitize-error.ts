import { redact } from '@tocsin/core';

/**
 * A copy of `error` and its `cause` chain that is safe to keep as a DeliveryError's cause:
 * only `name`, `message`, `code` and `stack`, each with URLs masked and `secrets` removed.
 * Library errors may carry the request URL (undici's, for one), the socket, or the request
 * options; none of that survives the copy.
 */
export function sanitizeError(error: unknown, secrets: readonly string[], depth = 0): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const cause =
    source.cause !== undefined && depth < 4
      ? sanitizeError(source.cause, secrets, depth + 1)
      : undefined;
  const copy = new Error(
    redact(source.message, secrets),
    cause === undefined ? undefined : { cause },
  );
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number')
    (copy as { code?: unknown }).code = code;
  copy.stack = redact(source.stack ?? `${source.name}: ${source.message}`, secrets);
  return copy;
}
