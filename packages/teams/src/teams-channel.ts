import { inspect } from 'node:util';
import { HttpEndpoint, httpStatusError, jsonReason } from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  redact,
  type SendContext,
} from '@tocsin/core';
import { renderTeamsMessage } from './render-teams-message.js';
import { parseTeamsChannelOptions, type TeamsChannelOptions } from './teams-channel-options.js';

// A retired Office 365 connector URL answers 200 with this text when Teams refused the card.
const CONNECTOR_FAILURE = /^Webhook message delivery failed[\s\S]*?HTTP error (\d{3})/;

/**
 * Posts alerts to Microsoft Teams through a Workflows (Power Automate) webhook, "Post to a
 * channel when a webhook request is received": one Adaptive Card per alert (the level's
 * colour, the title, the body, the labels as facts, the source and time), escaped so alert
 * text can never format, link or mention, and cut to Teams' 28 KB.
 *
 * One keep-alive connection pool (channel-kit's `HttpEndpoint`) carries every request and
 * is released by `close()`. The workflow answers 202 Accepted; 408, 425, 429 (with
 * Retry-After), 5xx, network failures and timeouts are retryable, other answers are not.
 * The URL (its `sig` above all) is the credential: it is shown only masked.
 */
export class TeamsChannel implements Channel {
  readonly name: string;
  /** Seconds one request may wait for the answer, if set. */
  readonly timeout: number | undefined;
  /** The webhook URL with every path segment and the query masked: safe to show. */
  readonly maskedUrl: string;
  readonly #endpoint: HttpEndpoint;
  #closed = false;

  constructor(options: TeamsChannelOptions) {
    const parsed = parseTeamsChannelOptions(options);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, {
            source: `TeamsChannel "${parsed.name}" options`,
          });
    this.#endpoint = new HttpEndpoint({
      channel: this.name,
      url: String(parsed.webhookUrl),
      addressOption: 'webhookUrl',
      timeout: this.timeout,
      maxConnections: parsed.maxConnections,
      maxAnswerBytes: 16 * 1024,
      // Logic Apps (which runs the workflow) answers `{ error: { code, message } }`.
      reasonOf: jsonReason('error.message', 'error.code'),
      hint: (status, retryable) => {
        if (retryable) return undefined;
        if (status === 401 || status === 403)
          return 'not retried: the signature (`sig`) of `webhookUrl` is wrong or was regenerated';
        if (status === 404)
          return 'not retried: the workflow is gone or turned off; check `webhookUrl`';
        return undefined;
      },
    });
    this.maskedUrl = this.#endpoint.maskedUrl;
  }

  /**
   * Post one alert. Resolves when the workflow accepted it (2xx); otherwise throws a
   * DeliveryError. Aborts as soon as `context.signal` does.
   */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new TeamsChannel to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    const body = JSON.stringify(renderTeamsMessage(alert));
    const answer = await this.#endpoint.send(body, context.signal);
    const refused = CONNECTOR_FAILURE.exec(answer.text);
    if (refused !== null) {
      const reason = redact(answer.text.replace(/\s+/g, ' ').slice(0, 200), this.#endpoint.secrets);
      throw httpStatusError({
        channel: this.name,
        status: Number(refused[1]),
        message: `${this.name}: POST ${this.maskedUrl} answered ${answer.status}, but Teams refused the message: ${reason}`,
        reason,
      });
    }
    return {};
  }

  /** Let requests in flight finish for up to 5 s, then cut them. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#endpoint.close();
  }

  toString(): string {
    return `TeamsChannel(${this.name} -> ${this.maskedUrl})`;
  }

  /** The channel's settings with the URL masked: never the secret. */
  toJSON(): Record<string, unknown> {
    return {
      type: 'teams',
      name: this.name,
      webhookUrl: this.maskedUrl,
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
    };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `TeamsChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }
}
