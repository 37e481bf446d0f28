import { inspect } from 'node:util';
import { HttpEndpoint, jsonReason } from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  type SendContext,
} from '@tocsin/core';
import {
  type GoogleChatChannelOptions,
  parseGoogleChatChannelOptions,
} from './googlechat-channel-options.js';
import { renderGoogleChatMessage } from './render-googlechat-message.js';

const REPLY_OPTION = 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD';

/**
 * Posts alerts to a Google Chat space through its incoming webhook, as one cardsV2 card
 * per alert (the level in its colour, the title, the body, the labels, the source and
 * time), HTML-escaped so alert text can never format, link or mention, and cut to Chat's
 * limits. With `threadByFingerprint`, the alerts of one fingerprint share a thread.
 *
 * One keep-alive connection pool (channel-kit's `HttpEndpoint`) carries every request and
 * is released by `close()`. Chat answers 200 with the message it created (its `name` is
 * the receipt's `messageId`); refusals are Google's `{ error: { code, message, status } }`.
 * The URL (its `key` and `token` above all) is the credential: it is shown only masked.
 */
export class GoogleChatChannel implements Channel {
  readonly name: string;
  /** Seconds one request may wait for the answer, if set. */
  readonly timeout: number | undefined;
  /** The webhook URL with the path and query masked: safe to show. */
  readonly maskedUrl: string;
  readonly #endpoint: HttpEndpoint;
  readonly #threaded: boolean;
  #closed = false;

  constructor(options: GoogleChatChannelOptions) {
    const parsed = parseGoogleChatChannelOptions(options);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, {
            source: `GoogleChatChannel "${parsed.name}" options`,
          });
    this.#threaded = parsed.threadByFingerprint;
    const url = new URL(String(parsed.webhookUrl));
    if (this.#threaded && !url.searchParams.has('messageReplyOption'))
      url.searchParams.set('messageReplyOption', REPLY_OPTION);
    this.#endpoint = new HttpEndpoint({
      channel: this.name,
      url,
      addressOption: 'webhookUrl',
      timeout: this.timeout,
      maxConnections: parsed.maxConnections,
      maxAnswerBytes: 16 * 1024,
      reasonOf: jsonReason('error.message', 'error.status'),
      hint: (status, retryable) => {
        if (retryable) return undefined;
        if (status === 400)
          return 'not retried: Chat refused the message or the `key` of `webhookUrl`';
        if (status === 401 || status === 403)
          return 'not retried: the `key` or `token` of `webhookUrl` is wrong or was revoked';
        if (status === 404)
          return 'not retried: the space or its webhook is gone; check `webhookUrl`';
        return undefined;
      },
    });
    this.maskedUrl = this.#endpoint.maskedUrl;
  }

  /**
   * Post one alert. Resolves with the created message's name as `messageId`; otherwise
   * throws a DeliveryError. Aborts as soon as `context.signal` does.
   */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new GoogleChatChannel to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    const body = renderGoogleChatMessage(alert, this.#threaded ? alert.fingerprint : undefined);
    const answer = await this.#endpoint.send(JSON.stringify(body), context.signal);
    const messageId = messageName(answer.text);
    return messageId === undefined ? {} : { messageId };
  }

  /** Let requests in flight finish for up to 5 s, then cut them. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#endpoint.close();
  }

  toString(): string {
    return `GoogleChatChannel(${this.name} -> ${this.maskedUrl})`;
  }

  /** The channel's settings with the URL masked: never the secret. */
  toJSON(): Record<string, unknown> {
    return {
      type: 'googlechat',
      name: this.name,
      webhookUrl: this.maskedUrl,
      threadByFingerprint: this.#threaded,
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
    };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `GoogleChatChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }
}

/** `spaces/<space>/messages/<id>` from Chat's answer, when it is one. */
function messageName(text: string): string | undefined {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' && /^spaces\/[^/]+\/messages\/[^/]+$/.test(name)
      ? name
      : undefined;
  } catch {
    return undefined;
  }
}
