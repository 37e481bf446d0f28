/** Retry-After as delta-seconds or as an HTTP date that many seconds ahead. */
export function retryAfterHeader(seconds: number, form: 'seconds' | 'date' = 'seconds'): string {
  return form === 'seconds' ? String(seconds) : new Date(Date.now() + seconds * 1000).toUTCString();
}
