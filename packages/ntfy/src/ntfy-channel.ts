import { type HttpAnswer, HttpChannel, jsonReason } from '@tocsin/channel-kit';
import type { Alert, ChannelReceipt } from '@tocsin/core';
import { type NtfyChannelOptions, parseNtfyChannelOptions } from './ntfy-channel-options.js';
import { type NtfyRenderSettings, renderNtfyMessage } from './render-ntfy-message.js';

/**
 * Publishes alerts to an ntfy topic (ntfy.sh or a self-hosted server): one JSON `POST` to
 * the server's root per alert, on channel-kit's `HttpChannel` (one keep-alive pool). The title carries the
 * level's emoji tag and the priority follows the level; the text is plain (`markdown:
 * false`). The topic, token and password are secrets: never in an error, `String`,
 * `JSON.stringify` or `util.inspect`.
 */
export class NtfyChannel extends HttpChannel {
  /** The server messages are posted to. */
  readonly serverUrl: string;
  readonly #settings: NtfyRenderSettings;
  readonly #auth: 'token' | 'basic' | 'none';

  constructor(options: NtfyChannelOptions) {
    const parsed = parseNtfyChannelOptions(options);
    const url = new URL(parsed.serverUrl.endsWith('/') ? parsed.serverUrl : `${parsed.serverUrl}/`);
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
    super({
      kind: 'NtfyChannel',
      type: 'ntfy',
      name: parsed.name,
      timeout: parsed.timeout,
      target: `${url.href}***`,
      endpoint: {
        proxy: parsed.proxy,
        url,
        maskedUrl: url.href,
        headers,
        secrets,
        addressOption: 'serverUrl',
        maxAnswerBytes: 16 * 1024,
        hint: ntfyHint,
        reasonOf: jsonReason('error'),
      },
    });
    this.serverUrl = url.href;
    this.#settings = {
      topic: parsed.topic,
      priority: parsed.priority,
      tags: parsed.tags,
      click: parsed.click,
    };
    this.#auth =
      parsed.token !== undefined ? 'token' : parsed.password !== undefined ? 'basic' : 'none';
  }

  protected render(alert: Alert): string {
    return JSON.stringify(renderNtfyMessage(alert, this.#settings));
  }

  /** ntfy's message id, when the answer names one. */
  protected override receipt({ text }: HttpAnswer): ChannelReceipt {
    try {
      const { id } = JSON.parse(text) as { id?: unknown };
      return typeof id === 'string' ? { messageId: id } : {};
    } catch {
      return {}; // A 2xx is ntfy's acceptance; its body is only informative.
    }
  }

  /** The settings, the topic and credentials masked. */
  protected shownSettings(): Record<string, unknown> {
    const { topic: _secret, ...shown } = this.#settings;
    return { serverUrl: this.serverUrl, topic: '***', auth: this.#auth, ...shown };
  }
}

/** What to do about ntfy's refusals, for a person. */
function ntfyHint(status: number, retryable: boolean): string | undefined {
  if (retryable) return undefined;
  if (status === 401 || status === 403)
    return 'not retried: check `token`, or `username` and `password`, and their access to `topic`';
  if (status === 400)
    return 'not retried: ntfy refused the message; check `topic`, `priority`, `tags` and `click`';
  return undefined;
}
