import { inspect } from 'node:util';
import { IncomingWebhook, WebhookTrigger } from '@slack/webhook';
import { KeepAliveAgent, proxySecrets, type Secrets } from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  type SendContext,
} from '@tocsin/core';
import { maskWebhookUrl, webhookSecrets } from './mask-webhook-url.js';
import { renderSlackMessage, renderWorkflowVariables } from './render-slack-message.js';
import {
  parseSlackChannelOptions,
  type SlackChannelOptions,
  type SlackMention,
} from './slack-channel-options.js';
import { createSlackFetch, type SlackCall, slackCalls } from './slack-fetch.js';
import { SLACK_TOKEN_PATTERN } from './slack-token-pattern.js';
import {
  type SlackFailureContext,
  toSlackDeliveryError,
  workflowRejected,
} from './to-slack-delivery-error.js';

/** Slack answers `ok` or a short reason; more than this of an answer is never read. */
const MAX_ANSWER_BYTES = 16 * 1024;
const WORKFLOW_PATH = /^\/(?:triggers|workflows)\//;
/** How long `close()` lets requests in flight finish before cutting them. */
const CLOSE_GRACE_MS = 5000;

/**
 * Posts alerts to a Slack incoming webhook (or a Workflow Builder trigger) through the
 * official @slack/webhook SDK, on one keep-alive connection pool made on the first send and
 * released by `close()`. The message is Block Kit: a header with the level's emoji and the
 * title, the body, a context line (level, labels, source, time) and the level's colour
 * bar; alert text is escaped so it can never mention anyone or disguise a link.
 *
 * The webhook URL is the credential: it is kept private and shown only masked
 * (`https://hooks.slack.com/services/T***\/B***\/***`) by `String()`, `JSON.stringify()`,
 * `util.inspect()` and every error. The SDK's own retries are off: core retries.
 */
export class SlackChannel implements Channel {
  readonly name: string;
  /** Seconds one request may take, as configured; `undefined` leaves it to core's per-attempt timeout. */
  readonly timeout: number | undefined;
  /** The webhook URL with its secret parts masked: safe to show. */
  readonly maskedUrl: string;
  readonly #url: string;
  readonly #host: string;
  readonly #secrets: Secrets;
  readonly #workflow: boolean;
  readonly #mention: SlackMention | undefined;
  readonly #defaults: { username?: string; icon_emoji?: string; channel?: string };
  #client: IncomingWebhook | WebhookTrigger | undefined;
  #closed = false;
  readonly #agent: KeepAliveAgent;

  constructor(options: SlackChannelOptions) {
    const parsed = parseSlackChannelOptions(options);
    const url = new URL(String(parsed.webhookUrl));
    this.#url = url.href;
    this.#host = url.host;
    this.#secrets = [...webhookSecrets(url), ...proxySecrets(parsed.proxy), SLACK_TOKEN_PATTERN];
    this.#agent = new KeepAliveAgent({
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      closeGraceMs: CLOSE_GRACE_MS,
      proxy: parsed.proxy,
    });
    this.maskedUrl = maskWebhookUrl(url);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, {
            source: `SlackChannel "${parsed.name}" options`,
          });
    this.#workflow =
      (parsed.webhookType ?? (WORKFLOW_PATH.test(url.pathname) ? 'workflow' : 'incoming')) ===
      'workflow';
    this.#mention = parsed.mention;
    this.#defaults = {
      ...(parsed.username === undefined ? {} : { username: parsed.username }),
      ...(parsed.iconEmoji === undefined ? {} : { icon_emoji: parsed.iconEmoji }),
      ...(parsed.channelName === undefined ? {} : { channel: parsed.channelName }),
    };
  }

  /**
   * Post one alert. Resolves when Slack answered 2xx; otherwise throws a DeliveryError
   * (retryable for 408, 425, 429, 5xx, timeouts and network errors, with `retryAfter`
   * from a Retry-After header). Aborts as soon as `context.signal` does.
   */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new SlackChannel to send again`,
        {
          channel: this.name,
          retryable: false,
          code: 'TOCSIN_CLOSED',
        },
      );
    }
    const ownTimeout =
      this.timeout === undefined ? undefined : AbortSignal.timeout(this.timeout * 1000);
    const signal =
      ownTimeout === undefined ? context.signal : AbortSignal.any([context.signal, ownTimeout]);
    const call: SlackCall = { signal };
    const failure = (): SlackFailureContext => ({
      channel: this.name,
      host: this.#host,
      secrets: this.#secrets,
      retryAfter: call.retryAfter,
      signal: context.signal,
      timeout:
        ownTimeout === undefined || this.timeout === undefined
          ? undefined
          : { signal: ownTimeout, seconds: this.timeout },
    });
    try {
      signal.throwIfAborted();
      const client = this.#sdk();
      await this.#agent.track(async () => {
        if (client instanceof WebhookTrigger) {
          const result = await slackCalls.run(call, () =>
            client.send(renderWorkflowVariables(alert, this.#mention)),
          );
          if (result.ok === false) throw workflowRejected(result.error ?? 'ok: false', failure());
        } else {
          await slackCalls.run(call, () => client.send(renderSlackMessage(alert, this.#mention)));
        }
      });
      return {};
    } catch (error) {
      throw toSlackDeliveryError(error, failure());
    }
  }

  /**
   * Close the connection pool, letting requests in flight finish for up to 5 s, then cutting
   * what still hangs. Harmless to call again.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#client = undefined;
    await this.#agent.close();
  }

  toString(): string {
    return `SlackChannel(${this.name} -> ${this.maskedUrl})`;
  }

  /** The channel's settings with the URL masked: never the secret. */
  toJSON(): Record<string, unknown> {
    return {
      type: 'slack',
      name: this.name,
      webhookUrl: this.maskedUrl,
      webhookType: this.#workflow ? 'workflow' : 'incoming',
      ...(this.#defaults.username === undefined ? {} : { username: this.#defaults.username }),
      ...(this.#defaults.icon_emoji === undefined ? {} : { iconEmoji: this.#defaults.icon_emoji }),
      ...(this.#defaults.channel === undefined ? {} : { channelName: this.#defaults.channel }),
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
      ...(this.#mention === undefined ? {} : { mention: { ...this.#mention } }),
    };
  }

  [inspect.custom](
    _depth: number,
    options: { stylize?: unknown },
    inspectFn: typeof inspect = inspect,
  ): string {
    return `SlackChannel ${inspectFn(this.toJSON(), options as Parameters<typeof inspect>[1])}`;
  }

  /** The SDK client, made once: one keep-alive pool for every send; SDK retries and timeout off. */
  #sdk(): IncomingWebhook | WebhookTrigger {
    if (this.#client !== undefined) return this.#client;
    const fetch = createSlackFetch(() => this.#agent.agent, MAX_ANSWER_BYTES);
    const transport = { fetch, timeout: 0, retryConfig: { retries: 0 } };
    this.#client = this.#workflow
      ? new WebhookTrigger(this.#url, transport)
      : new IncomingWebhook(this.#url, { ...this.#defaults, ...transport });
    return this.#client;
  }
}
