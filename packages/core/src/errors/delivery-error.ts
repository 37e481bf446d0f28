import { TocsinError } from './tocsin-error.js';

/**
 * Every `DeliveryError.code`, one closed set shared by all channels, so that a dashboard,
 * an alert rule or a retry decision reads the same code whatever the channel.
 * The remote's own word (an API's error name, a mail server's reply) goes in
 * `DeliveryError.reason`, not in the code.
 */
export const DELIVERY_ERROR_CODES = [
  /** The network failed: refused, reset, DNS, TLS handshake, connection dropped. Retryable. */
  'TOCSIN_NETWORK',
  /** No answer in time: the attempt's deadline, a 408, a connect or read timeout. Retryable. */
  'TOCSIN_TIMEOUT',
  /** The attempt was cancelled for another reason than time (a shutdown, a caller). Final. */
  'TOCSIN_ABORTED',
  /** The remote asks us to slow down (429), usually with Retry-After. Retryable, except quotas. */
  'TOCSIN_RATE_LIMITED',
  /** The remote refused our credentials (401, 403, a mail server's 535, a revoked key). Final. */
  'TOCSIN_AUTH',
  /** The remote refused this message or its destination (other 4xx, a mail server's 5xx, a redirect). Final. */
  'TOCSIN_REJECTED',
  /** The remote failed on its side (5xx, a mail server's 4xx, an unreadable answer). Retryable. */
  'TOCSIN_REMOTE',
  /** The channel was closed before or while sending. Final. */
  'TOCSIN_CLOSED',
  /** A channel broke the contract, or threw something that is not a DeliveryError. */
  'TOCSIN_CHANNEL',
] as const;

/** One of `DELIVERY_ERROR_CODES`. */
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(DELIVERY_ERROR_CODES);

export interface DeliveryErrorOptions {
  /** The channel's name, for the message and the result. */
  channel: string;
  /** May the same alert be tried again? Network errors, timeouts, 408, 425, 429 and 5xx are. */
  retryable: boolean;
  /** Seconds the remote asked us to wait before trying again (Retry-After). */
  retryAfter?: number | undefined;
  /** HTTP status or mail reply code, when the remote answered. */
  statusCode?: number | undefined;
  /** The remote's own reason, as it said it: an API's error name, a mail server's reply. */
  reason?: string | undefined;
  cause?: unknown;
  /**
   * One of `DELIVERY_ERROR_CODES`. @default 'TOCSIN_REMOTE'. At run time another string
   * (from JavaScript written before the set existed) becomes `TOCSIN_CHANNEL`, so `code`
   * stays in the set.
   */
  code?: DeliveryErrorCode | undefined;
}

/**
 * A channel could not deliver an alert. Thrown by `Channel.send`; core decides from
 * `retryable` and `retryAfter` whether and when to try again. The message must be safe
 * to log: no webhook URL, API key or password.
 */
export class DeliveryError extends TocsinError {
  static {
    DeliveryError.brand('DeliveryError');
  }
  override name = 'DeliveryError';
  declare readonly code: DeliveryErrorCode;
  readonly channel: string;
  readonly retryable: boolean;
  readonly retryAfter: number | undefined;
  readonly statusCode: number | undefined;
  /** The remote's own reason (`rate_limit_exceeded`, `550 5.1.1`), when it gave one. */
  readonly reason: string | undefined;

  constructor(message: string, options: DeliveryErrorOptions) {
    const code: string = options.code ?? 'TOCSIN_REMOTE';
    super(
      message,
      KNOWN_CODES.has(code) ? code : 'TOCSIN_CHANNEL',
      'cause' in options ? { cause: options.cause } : {},
    );
    this.channel = options.channel;
    this.retryable = options.retryable;
    this.retryAfter = options.retryAfter;
    this.statusCode = options.statusCode;
    this.reason = options.reason;
  }

  static override isInstance(value: unknown): value is DeliveryError {
    return TocsinError.hasName(value, 'DeliveryError');
  }
}
