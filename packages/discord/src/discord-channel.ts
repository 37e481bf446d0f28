import { inspect } from 'node:util';
import { HttpEndpoint } from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  type SendContext,
} from '@tocsin/core';
import {
  type DiscordChannelOptions,
  parseDiscordChannelOptions,
} from './discord-channel-options.js';
import { type DiscordPoster, renderDiscordMessage } from './render-discord-message.js';
import { RetryAfterInBody } from './retry-after-in-body.js';

/** Discord's path: `/api/webhooks/<id>/<token>`; the id is shown, the token never. */
const DISCORD_PATH = /^(\/api(?:\/v\d+)?\/webhooks\/\d+)\/[^/]+\/?$/;

/** Discord's error body: `{ "message": "Unknown Webhook", "code": 10015, "retry_after": 1.5 }`. */
const retryAfterInBody = new RetryAfterInBody(
  (json) => (json as { retry_after?: unknown } | null)?.retry_after,
);

/**
 * Posts alerts to a Discord webhook as one embed each (title, level colour, body, labels
 * as fields, time), with `allowed_mentions: { parse: [] }` and every markdown and mention
 * character of the alert escaped, so alert text can neither ping nor disguise a link.
 * One keep-alive pool (channel-kit's HttpEndpoint) carries every request; `close()`
 * releases it. The webhook URL holds the token: it is shown only masked.
 */
export class DiscordChannel implements Channel {
  readonly name: string;
  /** Seconds one request may wait for the answer, if set. */
  readonly timeout: number | undefined;
  /** The webhook URL as it may be shown: `https://discord.com/api/webhooks/<id>/***`. */
  readonly maskedUrl: string;
  readonly #endpoint: HttpEndpoint;
  readonly #poster: DiscordPoster;
  readonly #threadId: string | undefined;
  #closed = false;

  constructor(options: DiscordChannelOptions) {
    const parsed = parseDiscordChannelOptions(options);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, { source: `DiscordChannel "${parsed.name}"` });
    this.#poster = { username: parsed.username, avatarUrl: parsed.avatarUrl };
    this.#threadId = parsed.threadId;
    const url = new URL(parsed.webhookUrl);
    // wait=true: Discord answers 200 with the message (not 204), and only once it is stored.
    url.searchParams.set('wait', 'true');
    if (parsed.threadId !== undefined) url.searchParams.set('thread_id', parsed.threadId);
    const known = DISCORD_PATH.exec(url.pathname);
    this.maskedUrl = known === null ? `${url.origin}/***` : `${url.origin}${known[1]}/***`;
    this.#endpoint = new HttpEndpoint({
      channel: this.name,
      url,
      maskedUrl: this.maskedUrl,
      addressOption: 'webhookUrl',
      timeout: this.timeout,
      hint: discordHint,
      reasonOf: retryAfterInBody.reasonOf(discordReason),
    });
  }

  /**
   * Post one alert. Resolves on a 2xx answer; otherwise throws a DeliveryError: retryable
   * for 429 (with Retry-After, from the header or else the body's `retry_after`), 5xx,
   * timeouts and network failures; final for 400, 401, 403, 404 with Discord's `message`
   * as the reason.
   */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new DiscordChannel to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    const body = JSON.stringify(renderDiscordMessage(alert, this.#poster));
    const answer = await retryAfterInBody.run(() => this.#endpoint.send(body, context.signal));
    const id = messageId(answer.text);
    return id === undefined ? {} : { messageId: id };
  }

  /** Let requests in flight finish for up to 5 s, then release the connections. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#endpoint.close();
  }

  toString(): string {
    return `DiscordChannel(${this.name} -> ${this.maskedUrl})`;
  }

  /** The channel's settings with the URL masked: never the token. */
  toJSON(): Record<string, unknown> {
    return {
      type: 'discord',
      name: this.name,
      webhookUrl: this.maskedUrl,
      ...(this.#poster.username === undefined ? {} : { username: this.#poster.username }),
      ...(this.#threadId === undefined ? {} : { threadId: this.#threadId }),
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
    };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `DiscordChannel ${inspect(this.toJSON(), { ...options, depth })}`;
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
