import { type HttpAnswer, HttpChannel, jsonReason, jsonRetryAfter } from '@tocsin/channel-kit';
import {
  type Alert,
  type AlertLevel,
  type ChannelReceipt,
  DeliveryError,
  AlertLevel as Levels,
  redact,
} from '@tocsin/core';
import { renderTelegramText } from './render-telegram-message.js';
import {
  parseTelegramChannelOptions,
  type TelegramChannelOptions,
} from './telegram-channel-options.js';

/**
 * Posts alerts to one Telegram chat through the Bot API (`sendMessage`, HTML parse mode,
 * link previews off), on channel-kit's `HttpChannel`: one keep-alive pool released by
 * `close()`. Alert text is escaped, so only the channel's own tags reach Telegram. A 429
 * waits the Retry-After header, or else the body's `parameters.retry_after`. The bot token
 * travels in the request path: it is never shown, not even masked in part.
 */
export class TelegramChannel extends HttpChannel {
  readonly #chatId: string;
  readonly #threadId: number | undefined;
  readonly #silentBelow: AlertLevel;

  constructor(options: TelegramChannelOptions) {
    const parsed = parseTelegramChannelOptions(options);
    const api = parsed.apiUrl.replace(/\/+$/, '');
    const token = parsed.botToken;
    super({
      kind: 'TelegramChannel',
      type: 'telegram',
      name: parsed.name,
      timeout: parsed.timeout,
      target: `chat ${parsed.chatId}`,
      endpoint: {
        proxy: parsed.proxy,
        url: `${api}/bot${token}/sendMessage`,
        maskedUrl: `${new URL(api).origin}/bot***/sendMessage`,
        secrets: [token, token.slice(token.indexOf(':') + 1), encodeURIComponent(token)],
        addressOption: 'chatId',
        hint: telegramHint,
        // Telegram's refusal: `{ ok: false, error_code, description, parameters: { retry_after } }`.
        reasonOf: jsonReason('description'),
        retryAfterIn: jsonRetryAfter('parameters.retry_after'),
      },
    });
    this.#chatId = parsed.chatId;
    this.#threadId = parsed.messageThreadId;
    this.#silentBelow = parsed.silentBelow ?? Levels.WARNING;
  }

  protected render(alert: Alert): string {
    return JSON.stringify({
      chat_id: this.#chatId,
      text: renderTelegramText(alert),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(this.#threadId === undefined ? {} : { message_thread_id: this.#threadId }),
      ...(alert.level < this.#silentBelow ? { disable_notification: true } : {}),
    });
  }

  /** `{ ok: true, result: { message_id } }` is sent; a 2xx with `ok: false` is a refusal. */
  protected override receipt({ text }: HttpAnswer): ChannelReceipt {
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
        ? redact(answer.description.slice(0, 200), this.endpoint.secrets)
        : 'the answer was not { ok: true }';
    throw new DeliveryError(
      `${this.name}: POST ${this.maskedUrl} answered 2xx without ok: true: ${reason}; not retried`,
      { channel: this.name, retryable: false, code: 'TOCSIN_REJECTED', reason },
    );
  }

  /** The chat, never the token. */
  protected shownSettings(): Record<string, unknown> {
    return {
      apiUrl: this.maskedUrl,
      chatId: this.#chatId,
      ...(this.#threadId === undefined ? {} : { messageThreadId: this.#threadId }),
      silentBelow: this.#silentBelow,
    };
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
