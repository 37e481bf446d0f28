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
  type AlertmanagerAuth,
  type AlertmanagerChannelOptions,
  authOf,
  parseAlertmanagerChannelOptions,
} from './alertmanager-channel-options.js';
import { type PostableAlertSettings, renderPostableAlerts } from './render-postable-alerts.js';

/** One Alertmanager instance: where it is, as shown, and its own keep-alive pool. */
interface Instance {
  readonly url: string;
  readonly endpoint: HttpEndpoint;
}

/**
 * Pushes alerts to Prometheus Alertmanager's API (`POST <url>/api/v2/alerts`), to every
 * instance of a cluster at once, as Prometheus does: the alert is delivered when at least
 * one instance accepts it (the cluster shares it by gossip), and fails only when all
 * refuse, the reason naming each. A RESOLVED notice sets `endsAt`, which ends the alert in
 * Alertmanager: so this channel asks for RESOLVED notices by default. Credentials (`auth`)
 * are never shown. One keep-alive pool per instance, released by `close()`.
 */
export class AlertmanagerChannel implements Channel {
  readonly name: string;
  /** Seconds one request may wait for the answer, if set. */
  readonly timeout: number | undefined;
  /** Where alerts go: `<url>/api/v2/alerts` of each instance (not secret: `auth` is apart). */
  readonly urls: readonly string[];
  /**
   * An alert stays active in Alertmanager until its `endsAt` (or its `resolve_timeout`):
   * the manager sends this channel RESOLVED notices unless `addChannel` says `sendResolved: false`.
   */
  readonly sendResolved = true;
  readonly #instances: readonly Instance[];
  readonly #settings: PostableAlertSettings;
  readonly #auth: 'bearer' | 'basic' | undefined;
  #closed = false;

  constructor(options: AlertmanagerChannelOptions) {
    const parsed = parseAlertmanagerChannelOptions(options);
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, {
            source: `AlertmanagerChannel "${parsed.name}" options`,
          });
    const auth = authOf(parsed.auth);
    const headers = authHeaders(auth);
    const secrets = authSecrets(auth);
    this.#instances = parsed.urls.map((base) => {
      const url = new URL('api/v2/alerts', base.endsWith('/') ? base : `${base}/`).href;
      return {
        url,
        endpoint: new HttpEndpoint({
          channel: this.name,
          url,
          maskedUrl: url,
          headers,
          secrets,
          addressOption: 'urls',
          timeout: this.timeout,
          maxConnections: parsed.maxConnections,
          proxy: parsed.proxy,
          maxAnswerBytes: 16 * 1024,
          hint: alertmanagerHint,
          reasonOf: alertmanagerReason,
        }),
      };
    });
    this.urls = this.#instances.map((instance) => instance.url);
    this.#auth = auth === undefined ? undefined : 'bearer' in auth ? 'bearer' : 'basic';
    this.#settings = {
      generatorUrl: parsed.generatorUrl,
      fingerprintLabel: parsed.fingerprintLabel,
      annotationLabels: new Set(parsed.annotationLabels),
    };
  }

  /**
   * Post the alert to every instance at once. Resolves when at least one accepted it (the
   * others, if any refused, listed in `rejected`); throws a DeliveryError naming each
   * instance's failure when none did, retryable when one of them may accept later.
   */
  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(
        `${this.name}: the channel is closed; create a new AlertmanagerChannel to send again`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CLOSED' },
      );
    }
    const body = renderPostableAlerts(alert, this.#settings);
    const answers = await Promise.allSettled(
      this.#instances.map((instance) => instance.endpoint.send(body, context.signal)),
    );
    const failed: Array<{ url: string; error: DeliveryError }> = [];
    answers.forEach((answer, i) => {
      if (answer.status === 'rejected')
        failed.push({
          url: this.urls[i] as string,
          error: asDeliveryError(answer.reason, this.name),
        });
    });
    if (failed.length < answers.length)
      return failed.length === 0 ? {} : { rejected: failed.map(({ url }) => url) };
    if (failed.length === 1) throw (failed[0] as { error: DeliveryError }).error;
    throw allFailed(this.name, failed);
  }

  /** Let requests in flight finish for up to 5 s, then cut them. Harmless twice. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#instances.map((instance) => instance.endpoint.close()));
  }

  toString(): string {
    return `AlertmanagerChannel(${this.name} -> ${this.urls.join(', ')})`;
  }

  /** The channel's settings, never a secret. */
  toJSON(): Record<string, unknown> {
    return {
      type: 'alertmanager',
      name: this.name,
      urls: this.urls,
      ...(this.#auth === undefined
        ? {}
        : {
            auth:
              this.#auth === 'bearer' ? { bearer: '***' } : { username: '***', password: '***' },
          }),
      generatorUrl: this.#settings.generatorUrl,
      fingerprintLabel: this.#settings.fingerprintLabel,
      annotationLabels: [...this.#settings.annotationLabels],
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
    };
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `AlertmanagerChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }
}

/** The `authorization` header `auth` asks for. */
function authHeaders(auth: AlertmanagerAuth | undefined): Record<string, string> {
  if (auth === undefined) return {};
  if ('bearer' in auth) return { authorization: `Bearer ${auth.bearer}` };
  const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  return { authorization: `Basic ${basic}` };
}

/** What no message may show: the token or password itself, besides the header value. */
function authSecrets(auth: AlertmanagerAuth | undefined): string[] {
  if (auth === undefined) return [];
  return 'bearer' in auth ? [auth.bearer] : [auth.password];
}

/** Alertmanager says why in a JSON string (`"at least one label pair required"`) or `{ code, message }`. */
function alertmanagerReason(body: string): string | undefined {
  const answer = JSON.parse(body) as unknown;
  if (typeof answer === 'string') return answer;
  if (typeof answer === 'object' && answer !== null && 'message' in answer)
    return String((answer as { message: unknown }).message);
  return undefined;
}

function alertmanagerHint(status: number): string | undefined {
  if (status === 400 || status === 422)
    return 'not retried: Alertmanager refused the alerts as invalid';
  if (status === 404)
    return 'not retried: check `urls` (the Alertmanager base URL, without /api/v2)';
  return undefined;
}

function asDeliveryError(error: unknown, channel: string): DeliveryError {
  if (DeliveryError.isInstance(error)) return error as DeliveryError;
  return new DeliveryError(`${channel}: the request failed`, {
    channel,
    retryable: true,
    code: 'TOCSIN_NETWORK',
    cause: error,
  });
}

/**
 * Every instance failed: retryable when one of them may accept later, after the shortest
 * Retry-After any of them asked for; the code and status of the first such failure.
 */
function allFailed(
  channel: string,
  failed: ReadonlyArray<{ url: string; error: DeliveryError }>,
): DeliveryError {
  const retryable = failed.filter(({ error }) => error.retryable);
  const lead = (retryable[0] ?? failed[0])?.error as DeliveryError;
  const waits = retryable
    .map(({ error }) => error.retryAfter)
    .filter((wait): wait is number => wait !== undefined);
  const prefix = `${channel}: `;
  const each = failed.map(({ error }) =>
    error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
  );
  return new DeliveryError(
    `${channel}: no Alertmanager instance accepted the alert (${failed.length} of ${failed.length} failed): ${each.join('; ')}`,
    {
      channel,
      retryable: retryable.length > 0,
      retryAfter: waits.length > 0 ? Math.min(...waits) : undefined,
      statusCode: lead.statusCode,
      reason: lead.reason,
      code: lead.code,
      cause: lead,
    },
  );
}
