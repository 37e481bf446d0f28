import { inspect } from 'node:util';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  type SendContext,
} from '@tocsin/core';
import { type HttpAnswer, HttpEndpoint, type HttpEndpointOptions } from './http-endpoint.js';

/** What a channel on `HttpChannel` tells the base about itself. */
export interface HttpChannelSettings {
  /** The class as messages name it: `TeamsChannel`. */
  readonly kind: string;
  /** The config `type`, first in `toJSON`: `teams`. */
  readonly type: string;
  /** The routing name. */
  readonly name: string;
  /** Seconds one request may wait for the answer, clamped to 1..120 with a warning; if set. */
  readonly timeout: number | undefined;
  /** Where it delivers, as `toString` shows it. @default the endpoint's masked URL */
  readonly target?: string | undefined;
  /** The one endpoint every alert goes to; its `channel` and `timeout` come from above. */
  readonly endpoint: Omit<HttpEndpointOptions, 'channel' | 'timeout'>;
}

/**
 * A channel that posts each alert as one HTTP request to one endpoint: the part every
 * such channel shares. It owns the endpoint's keep-alive pool (released by `close()`),
 * refuses to send once closed (`TOCSIN_CLOSED`), and shows itself in `toString`,
 * `toJSON` and `util.inspect` without a secret. A subclass gives what is its own: the
 * body it renders, how it reads a 2xx answer, and the settings it shows.
 */
export abstract class HttpChannel implements Channel {
  readonly name: string;
  /** Seconds one request may wait for the answer, if set. */
  readonly timeout: number | undefined;
  /** The endpoint's URL as it may be shown. */
  readonly maskedUrl: string;
  /** The endpoint, for a subclass's own errors (`endpoint.secrets`). */
  protected readonly endpoint: HttpEndpoint;
  readonly #kind: string;
  readonly #type: string;
  readonly #target: string;
  #closed = false;

  protected constructor(settings: HttpChannelSettings) {
    this.name = settings.name;
    this.timeout =
      settings.timeout === undefined
        ? undefined
        : applyLimit('timeout', settings.timeout, {
            source: `${settings.kind} "${settings.name}" options`,
          });
    this.#kind = settings.kind;
    this.#type = settings.type;
    this.endpoint = new HttpEndpoint({
      ...settings.endpoint,
      channel: this.name,
      timeout: this.timeout,
    });
    this.maskedUrl = this.endpoint.maskedUrl;
    this.#target = settings.target ?? this.maskedUrl;
  }

  /** The request body for one alert. */
  protected abstract render(alert: Alert): string;

  /** The channel's own settings for `toJSON`, secrets masked. */
  protected abstract shownSettings(): Record<string, unknown>;

  /**
   * The receipt of a 2xx answer, or a DeliveryError when the body says it was refused.
   * @default no receipt fields
   */
  protected receipt(_answer: HttpAnswer): ChannelReceipt {
    return {};
  }

  /**
   * Post one alert. Resolves with the receipt of a 2xx answer; otherwise throws a
   * DeliveryError (408, 425, 429, 5xx, network failures and timeouts retryable). Aborts
   * as soon as `context.signal` does.
   */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new ${this.#kind} to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    return this.receipt(await this.endpoint.send(this.render(alert), context.signal));
  }

  /** Let requests in flight finish for up to 5 s, then cut them. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.endpoint.close();
  }

  toString(): string {
    return `${this.#kind}(${this.name} -> ${this.#target})`;
  }

  /** The channel's settings, never a secret. */
  toJSON(): Record<string, unknown> {
    return {
      type: this.#type,
      name: this.name,
      ...this.shownSettings(),
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
    };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `${this.#kind} ${inspect(this.toJSON(), { ...options, depth })}`;
  }
}
