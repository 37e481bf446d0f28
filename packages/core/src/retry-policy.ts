import { DeliveryError } from './errors/delivery-error.js';

export interface RetryPolicyOptions {
  /** First backoff ceiling in seconds; doubles each retry. @default 0.5 */
  baseDelay?: number;
  /** Largest backoff ceiling in seconds. @default 30 */
  maxDelay?: number;
  /** Largest Retry-After honoured, in seconds; a longer one is waited only this long. @default 60 */
  maxRetryAfter?: number;
  /** Random source in [0, 1) for the jitter. */
  random?: () => number;
}

/** Error codes of Node and undici that mean the network failed, not the request. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Exponential backoff with full jitter (a random wait between 0 and
 * `min(maxDelay, baseDelay * 2^(retry-1))`), and Retry-After honoured up to a cap.
 */
export class RetryPolicy {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions = {}) {
    this.baseMs = seconds('baseDelay', options.baseDelay ?? 0.5) * 1000;
    this.maxMs = seconds('maxDelay', options.maxDelay ?? 30) * 1000;
    this.maxRetryAfterMs = seconds('maxRetryAfter', options.maxRetryAfter ?? 60) * 1000;
    this.random = options.random ?? Math.random;
  }

  /** Milliseconds to wait before retry number `retry` (1-based) after `error`. */
  delayMs(retry: number, error: DeliveryError): number {
    if (error.retryAfter !== undefined && error.retryAfter >= 0) {
      return Math.min(error.retryAfter * 1000, this.maxRetryAfterMs);
    }
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** (retry - 1));
    return this.random() * ceiling;
  }
}

/**
 * Whatever a channel threw, as a DeliveryError. Channels should throw DeliveryError
 * themselves; anything else is a channel that broke the contract (`TOCSIN_CHANNEL`), unless
 * it carries a network error code (`TOCSIN_NETWORK`, retryable).
 */
export function toDeliveryError(error: unknown, channel: string): DeliveryError {
  if (DeliveryError.isInstance(error)) return error;
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const network = typeof code === 'string' && NETWORK_CODES.has(code);
  const message =
    error instanceof Error
      ? error.message
      : `the channel failed with ${describeThrown(error)} instead of a DeliveryError`;
  return new DeliveryError(`${channel}: ${message}`, {
    channel,
    retryable: network,
    cause: error,
    code: network ? 'TOCSIN_NETWORK' : 'TOCSIN_CHANNEL',
  });
}

function describeThrown(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 200))}`;
  return `a ${typeof value}`;
}

function seconds(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `\`retry.${name}\` must be a finite number of seconds >= 0; got ${String(value)}`,
    );
  }
  return value;
}
