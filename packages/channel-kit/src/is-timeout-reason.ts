/**
 * Did an attempt's signal abort because time ran out? True for core's own deadline error
 * (`TOCSIN_TIMEOUT`, or any retryable DeliveryError), and for `AbortSignal.timeout()`'s
 * `TimeoutError`; false for any other reason (a caller cancelling, a shutdown). Channels
 * use it to map an abort to a retryable timeout or a non-retryable `TOCSIN_ABORTED`.
 */
export function isTimeoutReason(reason: unknown): boolean {
  if (typeof reason !== 'object' || reason === null) return false;
  const r = reason as { name?: unknown; code?: unknown; retryable?: unknown };
  return r.name === 'TimeoutError' || r.code === 'TOCSIN_TIMEOUT' || r.retryable === true;
}
