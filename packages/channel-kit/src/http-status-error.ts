import { DeliveryError, type DeliveryErrorCode } from '@tocsin/core';
import { parseRetryAfter } from './parse-retry-after.js';

/**
 * The one retry policy for an HTTP answer: 408, 425, 429 and 5xx may succeed if the same
 * request is sent again later; every other status will not.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/** The delivery error code an HTTP status means, the same for every channel. */
export function deliveryCodeForStatus(status: number): DeliveryErrorCode {
  if (status === 401 || status === 403) return 'TOCSIN_AUTH';
  if (status === 408) return 'TOCSIN_TIMEOUT';
  if (status === 429) return 'TOCSIN_RATE_LIMITED';
  if (status === 425 || (status >= 500 && status <= 599)) return 'TOCSIN_REMOTE';
  if (status >= 300 && status <= 499) return 'TOCSIN_REJECTED';
  return 'TOCSIN_REMOTE';
}

export interface HttpStatusErrorOptions {
  channel: string;
  /** The HTTP status of the answer. */
  status: number;
  /** What happened, for a person, already free of secrets. */
  message: string;
  /** The answer's Retry-After header, read only when the status is retryable. */
  retryAfter?: string | readonly string[] | null | undefined;
  /** The remote's own reason (`no_service`), already free of secrets. */
  reason?: string | undefined;
  /** Now, in milliseconds since the epoch, for a Retry-After date. @default Date.now() */
  now?: number | undefined;
  cause?: unknown;
}

/**
 * A DeliveryError for an HTTP answer outside 2xx: `retryable`, `code` and `retryAfter`
 * from the status and the Retry-After header, by the one policy every channel shares.
 */
export function httpStatusError(options: HttpStatusErrorOptions): DeliveryError {
  const retryable = isRetryableStatus(options.status);
  return new DeliveryError(options.message, {
    channel: options.channel,
    retryable,
    retryAfter: retryable ? parseRetryAfter(options.retryAfter, options.now) : undefined,
    statusCode: options.status,
    code: deliveryCodeForStatus(options.status),
    reason: options.reason,
    ...('cause' in options ? { cause: options.cause } : {}),
  });
}
