import {
  type Alert,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  type DeliveryErrorCode,
  type SendContext,
} from '@tocsin/core';

export interface MemoryFailure {
  /** @default true */
  retryable?: boolean;
  /** Seconds, as a remote's Retry-After. */
  retryAfter?: number;
  statusCode?: number;
  message?: string;
  /** @default 'TOCSIN_REMOTE' */
  code?: DeliveryErrorCode;
  /** The remote's own reason, as `DeliveryError.reason`. */
  reason?: string;
}

export interface MemoryChannelOptions {
  /** @default 'memory' */
  name?: string;
  /** Milliseconds each send takes (honours the abort signal). @default 0 */
  delayMs?: number;
}

/**
 * A channel that keeps what it receives in memory. Tell it to fail (retryable or not, with
 * Retry-After), to be slow, or to hang until the attempt's signal aborts.
 */
export class MemoryChannel implements Channel {
  readonly name: string;
  /** Alerts delivered successfully, in order. */
  readonly received: Alert[] = [];
  /** Every call to `send`, successful or not. */
  attempts = 0;
  /** Signals seen, one per attempt (to check timeouts). */
  readonly contexts: SendContext[] = [];
  closed = 0;
  delayMs: number;
  private readonly queue: Array<MemoryFailure | 'hang'> = [];
  private counter = 0;

  constructor(options: MemoryChannelOptions = {}) {
    this.name = options.name ?? 'memory';
    this.delayMs = options.delayMs ?? 0;
  }

  /** The next `times` sends fail this way. */
  failNext(failure: MemoryFailure = {}, times = 1): this {
    for (let i = 0; i < times; i++) this.queue.push(failure);
    return this;
  }

  /** The next send never answers; only the attempt's abort signal ends it. */
  hangNext(): this {
    this.queue.push('hang');
    return this;
  }

  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    this.attempts++;
    this.contexts.push(context);
    const next = this.queue.shift();
    if (next === 'hang') {
      await waitForAbort(context.signal);
    } else if (this.delayMs > 0) {
      await delay(this.delayMs, context.signal);
    }
    if (next !== undefined && next !== 'hang') {
      throw new DeliveryError(next.message ?? `${this.name}: simulated failure`, {
        channel: this.name,
        retryable: next.retryable ?? true,
        retryAfter: next.retryAfter,
        statusCode: next.statusCode,
        code: next.code,
        reason: next.reason,
      });
    }
    this.received.push(alert);
    return { messageId: `${this.name}-${++this.counter}` };
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
