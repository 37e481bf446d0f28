import type { Alert } from './alert.js';

/** What core hands a channel with each attempt. */
export interface SendContext {
  /**
   * Aborts after the attempt's timeout: pass it on to I/O so a hung request is cancelled.
   * Attempts of one channel started close together share one signal (cheaper for undici),
   * so it may abort up to a tenth of the timeout (at most 1 s) after this attempt's own
   * deadline; core gives the attempt up at the deadline itself either way.
   */
  readonly signal: AbortSignal;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  /** The attempt's timeout in milliseconds (the same deadline the signal enforces). */
  readonly timeoutMs: number;
}

/** What a channel returns when the remote accepted the alert. */
export interface ChannelReceipt {
  /** The remote's id for the message (a mail Message-ID, an API's message id), when it gave one. */
  messageId?: string | undefined;
  /**
   * Recipients the remote refused while it accepted the message for the others (a mail
   * server answering 550 to one `RCPT TO`). Absent when every recipient was accepted.
   */
  rejected?: string[] | undefined;
}

/**
 * The one contract every channel implements. Channels deliver; core filters, throttles,
 * retries, times out and counts. A failed `send` throws a `DeliveryError` saying whether
 * it is retryable and, when the remote said so, after how many seconds.
 */
export interface Channel {
  /** Default routing name, usually the channel's config `type`. */
  readonly name: string;
  /**
   * The channel's own attempt timeout in seconds, when it was given one. `addChannel` uses it
   * when its own `timeout` option is absent (then the manager's default applies).
   */
  readonly timeout?: number | undefined;
  /**
   * Whether the channel sends RESOLVED notices when `addChannel` does not say: true for a
   * service that keeps incidents open until told (PagerDuty), as Alertmanager's receivers do.
   * @default false
   */
  readonly sendResolved?: boolean | undefined;
  send(alert: Alert, context: SendContext): Promise<ChannelReceipt | undefined | void>;
  /** Release long-lived clients (a connection pool, an HTTP agent). Called once by `AlertManager.close()`. */
  close?(): Promise<void>;
}
