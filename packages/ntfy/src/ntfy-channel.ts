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
import { type NtfyChannelOptions, parseNtfyChannelOptions } from './ntfy-channel-options.js';
import { type NtfyRenderSettings, renderNtfyMessage } from './render-ntfy-message.js';

/**
 * Publishes alerts to an ntfy topic (ntfy.sh or a self-hosted server): one JSON `POST` to
 * the server's root per alert, on one keep-alive connection pool. The title carries the
 * level's emoji tag and the priority follows the level; the text is plain (`markdown:
 * false`). The topic, token and password are secrets: never in an error, `String`,
 * `JSON.stringify` or `util.inspect`.
 */
export class NtfyChannel implements Channel {
  readonly name: string;
  /** Seconds one request may take, as configured; `undefined` leaves it to core's timeout. */
  readonly timeout: number | undefined;
  /** The server messages are posted to. */
  readonly serverUrl: string;
  readonly #settings: NtfyRenderSettings;
  readonly #auth: 'token' | 'basic' | 'none';
  readonly #endpoint: HttpEndpoint;
  #closed = false;

  constructor(options: NtfyChannelOptions) {
    const parsed = parseNtfyChannelOptions(options);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, { source: `NtfyChannel "${this.name}"` });
    const url = new URL(parsed.serverUrl.endsWith('/') ? parsed.serverUrl : `${parsed.serverUrl}/`);
    this.serverUrl = url.href;
    this.#settings = {
      topic: parsed.topic,
      priority: parsed.priority,
      tags: parsed.tags,
      click: parsed.click,
    };
    const headers: Record<string, string> = {};
    const secrets = [parsed.topic];
    if (parsed.token !== undefined) {
      headers.authorization = `Bearer ${parsed.token}`;
      secrets.push(parsed.token);
    } else if (parsed.username !== undefined && parsed.password !== undefined) {
      const basic = Buffer.from(`${parsed.username}:${parsed.password}`).toString('base64');
      headers.authorization = `Basic ${basic}`;
      secrets.push(basic, parsed.password);
    }
    this.#auth =
      parsed.token !== undefined ? 'token' : parsed.password !== undefined ? 'basic' : 'none';
    this.#endpoint = new HttpEndpoint({
      channel: this.name,
      url,
      maskedUrl: url.href,
      headers,
      secrets,
      addressOption: 'serverUrl',
      timeout: this.timeout,
      maxAnswerBytes: 16 * 1024,
      hint: (status, retryable) =>
        retryable
          ? undefined
          : status === 401 || status === 403
            ? 'not retried: check `token`, or `username` and `password`, and their access to `topic`'
            : status === 400
              ? 'not retried: ntfy refused the message; check `topic`, `priority`, `tags` and `click`'
              : undefined,
      reasonOf: jsonReason('error'),
    });
  }

  /** Publish one alert; resolves with ntfy's message id, throws a DeliveryError otherwise. */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new NtfyChannel to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    const body = JSON.stringify(renderNtfyMessage(alert, this.#settings));
    const { text } = await this.#endpoint.send(body, context.signal);
    try {
      const { id } = JSON.parse(text) as { id?: unknown };
      return typeof id === 'string' ? { messageId: id } : {};
    } catch {
      return {}; // A 2xx is ntfy's acceptance; its body is only informative.
    }
  }

  /** Let requests in flight finish for up to 5 s, then release the connections. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#endpoint.close();
  }

  toString(): string {
    return `NtfyChannel(${this.name} -> ${this.serverUrl}***)`;
  }

  /** The channel's settings, the topic and credentials masked. */
  toJSON(): Record<string, unknown> {
    const { topic: _secret, ...shown } = this.#settings;
    return {
      type: 'ntfy',
      name: this.name,
      serverUrl: this.serverUrl,
      topic: '***',
      auth: this.#auth,
      ...shown,
    };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `NtfyChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }
}
