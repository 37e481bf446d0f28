import { hostname } from 'node:os';
import { inspect } from 'node:util';
import { HttpEndpoint } from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  redact,
  type SendContext,
} from '@tocsin/core';
import {
  type PagerDutyChannelOptions,
  parsePagerDutyChannelOptions,
} from './pagerduty-channel-options.js';
import {
  type PagerDutyEventAction,
  type PagerDutyRenderSettings,
  renderPagerDutyEvent,
} from './render-pagerduty-message.js';

/**
 * Seconds to wait after a 429 that names no Retry-After: PagerDuty counts about 120
 * events a minute per routing key, so half a window lets the count fall.
 */
export const DEFAULT_THROTTLE_RETRY_AFTER = 30;

/**
 * Sends alerts to PagerDuty's Events API v2 (`POST <baseUrl>/v2/enqueue`): one `trigger`
 * event per alert, its `dedup_key` the alert's fingerprint, so repeats update one
 * incident; a digest is one event for its group. The routing key travels in the body and
 * is never shown: errors, `String`, `JSON.stringify` and `util.inspect` leave it out.
 */
export class PagerDutyChannel implements Channel {
  readonly name: string;
  /** Seconds one request may take, as configured; `undefined` leaves it to core's timeout. */
  readonly timeout: number | undefined;
  /** Where events go (not secret: the key is in the body). */
  readonly url: string;
  readonly #settings: PagerDutyRenderSettings;
  readonly #endpoint: HttpEndpoint;
  #closed = false;

  constructor(options: PagerDutyChannelOptions) {
    const parsed = parsePagerDutyChannelOptions(options);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, { source: `PagerDutyChannel "${this.name}"` });
    const url = new URL(
      'v2/enqueue',
      parsed.baseUrl.endsWith('/') ? parsed.baseUrl : `${parsed.baseUrl}/`,
    );
    this.url = url.href;
    this.#settings = {
      routingKey: parsed.routingKey,
      source: parsed.source ?? (hostname() || 'tocsin'),
      severityMap: parsed.severityMap,
      componentLabel: parsed.componentLabel,
      groupLabel: parsed.groupLabel,
      classLabel: parsed.classLabel,
      client: parsed.client,
      clientUrl: parsed.clientUrl,
    };
    this.#endpoint = new HttpEndpoint({
      channel: this.name,
      url,
      maskedUrl: url.href,
      secrets: [parsed.routingKey],
      addressOption: 'baseUrl',
      timeout: this.timeout,
      maxConnections: parsed.maxConnections,
      maxAnswerBytes: 16 * 1024,
      hint: (status) =>
        status === 400
          ? 'not retried: PagerDuty refused the event; check `routingKey` (the integration key of an Events API v2 integration)'
          : undefined,
      reasonOf: pagerDutyReason,
    });
  }

  /**
   * Trigger (or update) the incident of the alert's fingerprint. Resolves with PagerDuty's
   * `dedup_key` as `messageId`; throws a DeliveryError otherwise (429 and 5xx retryable).
   */
  send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    return this.#post(alert, context, 'trigger');
  }

  /** Let requests in flight finish for up to 5 s, then release the connections. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#endpoint.close();
  }

  toString(): string {
    return `PagerDutyChannel(${this.name} -> ${this.url})`;
  }

  /** The channel's settings, the routing key masked. */
  toJSON(): Record<string, unknown> {
    const { routingKey: _secret, ...shown } = this.#settings;
    return { type: 'pagerduty', name: this.name, url: this.url, routingKey: '***', ...shown };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `PagerDutyChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }

  async #post(
    alert: Alert,
    context: SendContext,
    action: PagerDutyEventAction,
  ): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new PagerDutyChannel to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    const body = renderPagerDutyEvent(alert, this.#settings, action);
    let text: string;
    try {
      ({ text } = await this.#endpoint.send(body, context.signal));
    } catch (error) {
      throw throttled(error);
    }
    return this.#receipt(text);
  }

  /** PagerDuty's `{ status: 'success', dedup_key }`; any other status in a 2xx is a refusal. */
  #receipt(text: string): ChannelReceipt {
    let answer: { status?: unknown; message?: unknown; dedup_key?: unknown } | undefined;
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      return {}; // A 2xx is PagerDuty's acceptance; its body is only informative.
    }
    if (answer?.status === undefined || answer.status === 'success')
      return typeof answer?.dedup_key === 'string' ? { messageId: answer.dedup_key } : {};
    const reason = redact(String(answer.message ?? answer.status), this.#endpoint.secrets);
    throw new DeliveryError(
      `${this.name}: POST ${this.url} accepted the request but not the event: ${reason}`,
      { channel: this.name, retryable: false, code: 'TOCSIN_REJECTED', reason },
    );
  }
}

/** A 429 without Retry-After waits `DEFAULT_THROTTLE_RETRY_AFTER` seconds; anything else is unchanged. */
function throttled(error: unknown): unknown {
  if (
    !DeliveryError.isInstance(error) ||
    error.statusCode !== 429 ||
    error.retryAfter !== undefined
  )
    return error;
  return new DeliveryError(
    `${error.message} (PagerDuty named no Retry-After: retry after ${DEFAULT_THROTTLE_RETRY_AFTER} s)`,
    {
      channel: error.channel,
      retryable: true,
      retryAfter: DEFAULT_THROTTLE_RETRY_AFTER,
      statusCode: 429,
      code: error.code,
      reason: error.reason,
    },
  );
}

/** PagerDuty's words in a refusal: `message`, and its `errors` list when there is one. */
function pagerDutyReason(body: string): string | undefined {
  const answer = JSON.parse(body) as { message?: unknown; errors?: unknown };
  const message = typeof answer.message === 'string' ? answer.message : undefined;
  const errors = Array.isArray(answer.errors)
    ? answer.errors.filter((e): e is string => typeof e === 'string')
    : [];
  if (errors.length === 0) return message;
  return `${message ?? 'invalid event'}: ${errors.join('; ')}`;
}
