import { type HttpAnswer, HttpChannel, jsonRetryAfter } from '@tocsin/channel-kit';
import type { Alert, ChannelReceipt } from '@tocsin/core';
import {
  type DiscordChannelOptions,
  parseDiscordChannelOptions,
} from './discord-channel-options.js';
import { type DiscordPoster, renderDiscordMessage } from './render-discord-message.js';

/** Discord's path: `/api/webhooks/<id>/<token>`; the id is shown, the token never. */
const DISCORD_PATH = /^(\/api(?:\/v\d+)?\/webhooks\/\d+)\/[^/]+\/?$/;

/**
 * Posts alerts to a Discord webhook as one embed each (title, level colour, body, labels
 * as fields, time), with `allowed_mentions: { parse: [] }` and every markdown and mention
 * character of the alert escaped, so alert text can neither ping nor disguise a link.
 * On channel-kit's `HttpChannel`: one keep-alive pool carries every request; `close()`
 * releases it. A 429 waits the Retry-After header, or else the body's `retry_after`. The
 * webhook URL holds the token: it is shown only masked,
 * `https://discord.com/api/webhooks/<id>/***`.
 */
export class DiscordChannel extends HttpChannel {
  readonly #poster: DiscordPoster;
  readonly #threadId: string | undefined;

  constructor(options: DiscordChannelOptions) {
    const parsed = parseDiscordChannelOptions(options);
    const url = new URL(parsed.webhookUrl);
    // wait=true: Discord answers 200 with the message (not 204), and only once it is stored.
    url.searchParams.set('wait', 'true');
    if (parsed.threadId !== undefined) url.searchParams.set('thread_id', parsed.threadId);
    const known = DISCORD_PATH.exec(url.pathname);
    super({
      kind: 'DiscordChannel',
      type: 'discord',
      name: parsed.name,
      timeout: parsed.timeout,
      endpoint: {
        proxy: parsed.proxy,
        url,
        maskedUrl: known === null ? `${url.origin}/***` : `${url.origin}${known[1]}/***`,
        addressOption: 'webhookUrl',
        hint: discordHint,
        reasonOf: discordReason,
        // Discord's error body: `{ "message": "…", "code": 10015, "retry_after": 1.5 }`.
        retryAfterIn: jsonRetryAfter('retry_after'),
      },
    });
    this.#poster = { username: parsed.username, avatarUrl: parsed.avatarUrl };
    this.#threadId = parsed.threadId;
  }

  protected render(alert: Alert): string {
    return JSON.stringify(renderDiscordMessage(alert, this.#poster));
  }

  /** The id of the stored message, from a `wait=true` answer. */
  protected override receipt(answer: HttpAnswer): ChannelReceipt {
    const id = messageId(answer.text);
    return id === undefined ? {} : { messageId: id };
  }

  protected shownSettings(): Record<string, unknown> {
    return {
      webhookUrl: this.maskedUrl,
      ...(this.#poster.username === undefined ? {} : { username: this.#poster.username }),
      ...(this.#threadId === undefined ? {} : { threadId: this.#threadId }),
    };
  }
}

/** What to do about Discord's refusals, for a person. */
function discordHint(status: number): string | undefined {
  if (status === 400) return 'not retried: Discord refused the message';
  if (status === 401 || status === 403)
    return 'not retried: the token in `webhookUrl` is wrong or the webhook lacks access';
  if (status === 404)
    return 'not retried: the webhook was deleted or `webhookUrl` is wrong; copy it again from Discord';
  return undefined;
}

/**
 * Discord's `message`, with the fields its `errors` name (`Invalid Form Body (embeds.0.title)`):
 * `{ "message": "Invalid Form Body", "code": 50035, "errors": { "embeds": { "0": { "title": { "_errors": [...] } } } } }`.
 */
function discordReason(body: string): string | undefined {
  const json = JSON.parse(body) as { message?: unknown; errors?: unknown } | null;
  if (typeof json?.message !== 'string' || json.message === '') return undefined;
  const paths: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node !== 'object' || node === null || paths.length >= 3) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '_errors') paths.push(path.join('.'));
      else walk(value, [...path, key]);
    }
  };
  walk(json.errors, []);
  return paths.length === 0 ? json.message : `${json.message} (${paths.join(', ')})`;
}

/** The id of the stored message, from a `wait=true` answer. */
function messageId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
