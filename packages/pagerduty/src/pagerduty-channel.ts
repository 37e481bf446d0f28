import { hostname } from 'node:os';
import { type HttpAnswer, HttpChannel } from '@tocsin/channel-kit';
import { type Alert, type ChannelReceipt, DeliveryError, redact } from '@tocsin/core';
import {
  type PagerDutyChannelOptions,
  parsePagerDutyChannelOptions,
} from './pagerduty-channel-options.js';
import { type PagerDutyRenderSettings, renderPagerDutyEvent } from './render-pagerduty-message.js';

/**
 * Seconds to wait after a 429 that names no Retry-After: PagerDuty counts about 120
 * events a minute per routing key, so half a window lets the count fall.
 */
export const DEFAULT_THROTTLE_RETRY_AFTER = 30;

/**
 * Sends alerts to PagerDuty's Events API v2 (`POST <baseUrl>/v2/enqueue`): one `trigger`
 * event per alert, its `dedup_key` the alert's fingerprint, so repeats update one
 * incident; a digest is one event for its group; a RESOLVED notice is a `resolve` event
 * for its fingerprint's key. The routing key travels in the body and
 * is never shown: errors, `String`, `JSON.stringify` and `util.inspect` leave it out. On
 * channel-kit's `HttpChannel`: one keep-alive pool, released by `close()`.
 */
export class PagerDutyChannel extends HttpChannel {
  /** Where events go (not secret: the key is in the body). */
  readonly url: string;
  /**
   * A PagerDuty incident stays open until a resolve event closes it: the manager sends this
   * channel RESOLVED notices unless `addChannel` says `sendResolved: false`.
   */
  readonly sendResolved = true;
  readonly #settings: PagerDutyRenderSettings;

  constructor(options: PagerDutyChannelOptions) {
    const parsed = parsePagerDutyChannelOptions(options);
    const url = new URL(
      'v2/enqueue',
      parsed.baseUrl.endsWith('/') ? parsed.baseUrl : `${parsed.baseUrl}/`,
    );
    super({
      kind: 'PagerDutyChannel',
      type: 'pagerduty',
      name: parsed.name,
      timeout: parsed.timeout,
      endpoint: {
        proxy: parsed.proxy,
        url,
        maskedUrl: url.href,
        secrets: [parsed.routingKey],
        addressOption: 'baseUrl',
        maxConnections: parsed.maxConnections,
        maxAnswerBytes: 16 * 1024,
        hint: (status) =>
          status === 400
            ? 'not retried: PagerDuty refused the event; check `routingKey` (the integration key of an Events API v2 integration)'
            : undefined,
        reasonOf: pagerDutyReason,
        retryAfterIn: (_body, status) =>
          status === 429 ? DEFAULT_THROTTLE_RETRY_AFTER : undefined,
      },
    });
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
  }

  /**
   * A `trigger` event: it opens or updates the incident of the alert's fingerprint; for a
   * RESOLVED notice, a `resolve` event for the same `dedup_key`, which closes it.
   */
  protected render(alert: Alert): string {
    return renderPagerDutyEvent(
      alert,
      this.#settings,
      alert.resolved === undefined ? 'trigger' : 'resolve',
    );
  }

  /** PagerDuty's `{ status: 'success', dedup_key }`; any other status in a 2xx is a refusal. */
  protected override receipt({ text }: HttpAnswer): ChannelReceipt {
    let answer: { status?: unknown; message?: unknown; dedup_key?: unknown } | undefined;
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      return {}; // A 2xx is PagerDuty's acceptance; its body is only informative.
    }
    if (answer?.status === undefined || answer.status === 'success')
      return typeof answer?.dedup_key === 'string' ? { messageId: answer.dedup_key } : {};
    const reason = redact(String(answer.message ?? answer.status), this.endpoint.secrets);
    throw new DeliveryError(
      `${this.name}: POST ${this.url} accepted the request but not the event: ${reason}`,
      { channel: this.name, retryable: false, code: 'TOCSIN_REJECTED', reason },
    );
  }

  /** The settings, the routing key masked. */
  protected shownSettings(): Record<string, unknown> {
    const { routingKey: _secret, ...shown } = this.#settings;
    return { url: this.url, routingKey: '***', ...shown };
  }
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
