import { TocsinError } from './tocsin-error.js';

/** `AlertThrottle.acquire` gave up: no token came before the deadline. */
export class AlertThrottledError extends TocsinError {
  static {
    AlertThrottledError.brand('AlertThrottledError');
  }
  override name = 'AlertThrottledError';
  /** Seconds until a token will be available. */
  readonly retryAfter: number;

  constructor(retryAfter: number) {
    super(
      `Rate limit exceeded: next alert allowed in ${retryAfter.toFixed(3)} s`,
      'TOCSIN_THROTTLED',
    );
    this.retryAfter = retryAfter;
  }

  static override isInstance(value: unknown): value is AlertThrottledError {
    return TocsinError.hasName(value, 'AlertThrottledError');
  }
}
