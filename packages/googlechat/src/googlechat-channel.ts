import { type HttpAnswer, HttpChannel, jsonReason } from '@tocsin/channel-kit';
import type { Alert, ChannelReceipt } from '@tocsin/core';
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
 * On channel-kit's `HttpChannel`: one keep-alive connection pool carries every request
 * and is released by `close()`. Chat answers 200 with the message it created (its `name` is
 * the receipt's `messageId`); refusals are Google's `{ error: { code, message, status } }`.
 * The URL (its `key` and `token` above all) is the credential: it is shown only masked.
 */
export class GoogleChatChannel extends HttpChannel {
  readonly #threaded: boolean;

  constructor(options: GoogleChatChannelOptions) {
    const parsed = parseGoogleChatChannelOptions(options);
    const url = new URL(String(parsed.webhookUrl));
    if (parsed.threadByFingerprint && !url.searchParams.has('messageReplyOption'))
      url.searchParams.set('messageReplyOption', REPLY_OPTION);
    super({
      kind: 'GoogleChatChannel',
      type: 'googlechat',
      name: parsed.name,
      timeout: parsed.timeout,
      endpoint: {
        proxy: parsed.proxy,
        url,
        addressOption: 'webhookUrl',
        maxConnections: parsed.maxConnections,
        maxAnswerBytes: 16 * 1024,
        reasonOf: jsonReason('error.message', 'error.status'),
        hint: googleChatHint,
      },
    });
    this.#threaded = parsed.threadByFingerprint;
  }

  protected render(alert: Alert): string {
    return JSON.stringify(
      renderGoogleChatMessage(alert, this.#threaded ? alert.fingerprint : undefined),
    );
  }

  /** The created message's name as `messageId`. */
  protected override receipt(answer: HttpAnswer): ChannelReceipt {
    const messageId = messageName(answer.text);
    return messageId === undefined ? {} : { messageId };
  }

  protected shownSettings(): Record<string, unknown> {
    return { webhookUrl: this.maskedUrl, threadByFingerprint: this.#threaded };
  }
}

/** What to do about Chat's refusals, for a person. */
function googleChatHint(status: number, retryable: boolean): string | undefined {
  if (retryable) return undefined;
  if (status === 400) return 'not retried: Chat refused the message or the `key` of `webhookUrl`';
  if (status === 401 || status === 403)
    return 'not retried: the `key` or `token` of `webhookUrl` is wrong or was revoked';
  if (status === 404) return 'not retried: the space or its webhook is gone; check `webhookUrl`';
  return undefined;
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
