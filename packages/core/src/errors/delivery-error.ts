import { TocsinError } from './tocsin-error.js';

export interface DeliveryErrorOptions {
  /** The channel's name (`'slack'`), for the message and the result. */
  channel: string;
  /** May the same alert be tried again? Network errors, timeouts, 408, 429 and 5xx are. */
  retryable: boolean;
  /** Seconds the remote asked us to wait before trying again (Retry-After). */
  retryAfter?: number | undefined;
  /** HTTP status or SMTP reply code, when the remote answered. */
  statusCode?: number | undefined;
  cause?: unknown;
  /** A more specific stable code than `TOCSIN_DELIVERY`. */
  code?: string;
}

/**
 * A channel could not deliver an alert. Thrown by `Channel.send`; core decides from
 * `retryable` and `retryAfter` whether and when to try again. The message must be safe
 * to log: no webhook URL, API key or password.
 */
export class DeliveryError extends TocsinError {
  override name = 'DeliveryError';
  readonly channel: string;
  readonly retryable: boolean;
  readonly retryAfter: number | undefined;
  readonly statusCode: number | undefined;

  constructor(message: string, options: DeliveryErrorOptions) {
    super(
      message,
      options.code ?? 'TOCSIN_DELIVERY',
      'cause' in options ? { cause: options.cause } : {},
    );
    this.channel = options.channel;
    this.retryable = options.retryable;
    this.retryAfter = options.retryAfter;
    this.statusCode = options.statusCode;
  }

  static override isInstance(value: unknown): value is DeliveryError {
    return TocsinError.hasName(value, 'DeliveryError');
  }
}
