/**
 * The Node or undici error code (`ECONNREFUSED`, `UND_ERR_SOCKET`) of `error`, or of the
 * first error under it: its `cause` chain, or the first of an AggregateError's `errors`.
 */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return networkErrorCode(inner[0], depth + 1);
  const cause = (error as { cause?: unknown }).cause;
  return cause === error ? undefined : networkErrorCode(cause, depth + 1);
}
