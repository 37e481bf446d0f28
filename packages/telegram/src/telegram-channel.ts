import { inspect } from 'node:util';
import { HttpEndpoint, jsonReason } from '@tocsin/channel-kit';
import {
  type Alert,
  type AlertLevel,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  AlertLevel as Levels,
  redact,
  type SendContext,
} from '@tocsin/core';
import { renderTelegramText } from './render-telegram-message.js';
import { RetryAfterInBody } from './retry-after-in-body.js';
import {
  parseTelegramChannelOptions,
  type TelegramChannelOptions,
} from './telegram-channel-options.js';

/** Telegram's refusal: `{ ok: false, error_code, description, parameters: { retry_after } }`. */
const retryAfterInBody = new RetryAfterInBody(
  (json) => (json as { parameters?: { retry_after?: unknown } } | null)?.parameters?.retry_after,
);

/**
 * Posts alerts to one Telegram chat through the Bot API (`sendMessage`, HTML parse mode,
 * link previews off), on one keep-alive pool (channel-kit's HttpEndpoint) released by
 * `close()`. Alert text is escaped, so only the channel's own tags reach Telegram.
 * The bot token travels in the request path: it is never shown, not even masked in part.
 */
export class TelegramChannel implements Channel {
  readonly name: string;
  /** Seconds one request may wait for the answer, if set. */
  readonly timeout: number | undefined;
  /** Where messages go, as it may be shown: `https://api.telegram.org/bot***\/sendMessage`. */
  readonly maskedUrl: string;
  readonly #chatId: string;
  readonly #threadId: number | undefined;
  readonly #silentBelow: AlertLevel;
  readonly #endpoint: HttpEndpoint;
  #closed = false;

  constructor(options: TelegramChannelOptions) {
    const parsed = parseTelegramChannelOptions(options);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, { source: `TelegramChannel "${parsed.name}"` });
    this.#chatId = parsed.chatId;
    this.#threadId = parsed.messageThreadId;
    this.#silentBelow = parsed.silentBelow ?? Levels.WARNING;
    const api = parsed.apiUrl.replace(/\/+$/, '');
    this.maskedUrl = `${new URL(api).origin}/bot***/sendMessage`;
    const token = parsed.botToken;
    this.#endpoint = new HttpEndpoint({
      channel: this.name,
      url: `${api}/bot${token}/sendMessage`,
      maskedUrl: this.maskedUrl,
      secrets: [token, token.slice(token.indexOf(':') + 1), encodeURIComponent(token)],
      addressOption: 'chatId',
      timeout: this.timeout,
      hint: telegramHint,
      reasonOf: retryAfterInBody.reasonOf(jsonReason('description')),
    });
  }

  /**
   * Send one alert. Resolves when Telegram answered `{ ok: true }`; otherwise throws a
   * DeliveryError: retryable for 429 (after `parameters.retry_after` or Retry-After),
   * 5xx, timeouts and network failures; final for 400, 401, 403, 404 and an `ok: false`
   * answer, with Telegram's `description` as the reason.
   */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new TelegramChannel to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    const body = JSON.stringify({
      chat_id: this.#chatId,
      text: renderTelegramText(alert),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(this.#threadId === undefined ? {} : { message_thread_id: this.#threadId }),
      ...(alert.level < this.#silentBelow ? { disable_notification: true } : {}),
    });
    const answer = await retryAfterInBody.run(() => this.#endpoint.send(body, context.signal));
    return this.#receipt(answer.text);
  }

  /** Let requests in flight finish for up to 5 s, then release the connections. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#endpoint.close();
  }

  toString(): string {
    return `TelegramChannel(${this.name} -> chat ${this.#chatId})`;
  }

  /** The channel's settings: the chat, never the token. */
  toJSON(): Record<string, unknown> {
    return {
      type: 'telegram',
      name: this.name,
      apiUrl: this.maskedUrl,
      chatId: this.#chatId,
      ...(this.#threadId === undefined ? {} : { messageThreadId: this.#threadId }),
      silentBelow: this.#silentBelow,
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
    };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `TelegramChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }

  /** `{ ok: true, result: { message_id } }` is sent; a 2xx with `ok: false` is a refusal. */
  #receipt(text: string): ChannelReceipt {
    let answer: { ok?: unknown; description?: unknown; result?: { message_id?: unknown } };
    try {
      answer = JSON.parse(text) ?? {};
    } catch {
      answer = {};
    }
    if (answer.ok === true) {
      const id = answer.result?.message_id;
      return typeof id === 'number' || typeof id === 'string' ? { messageId: String(id) } : {};
    }
    const reason =
      typeof answer.description === 'string' && answer.description !== ''
        ? redact(answer.description.slice(0, 200), this.#endpoint.secrets)
        : 'the answer was not { ok: true }';
    throw new DeliveryError(
      `${this.name}: POST ${this.maskedUrl} answered 2xx without ok: true: ${reason}; not retried`,
      { channel: this.name, retryable: false, code: 'TOCSIN_REJECTED', reason },
    );
  }
}

/** What to do about Telegram's refusals, for a person. */
function telegramHint(status: number): string | undefined {
  if (status === 400)
    return 'not retried: check `chatId` (the bot must be a member of the chat) and the message';
  if (status === 401) return 'not retried: check `botToken` (revoked or mistyped)';
  if (status === 403)
    return 'not retried: the bot may not write to this chat (blocked, removed, or not an admin of the channel)';
  if (status === 404) return 'not retried: check `botToken` and `apiUrl`';
  return undefined;
}
