import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import {
  discardBody,
  KeepAliveAgent,
  proxySecrets,
  type RequestTarget,
  readBodyText,
  redirectError,
  responseError,
  urlSecrets,
} from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  maskUrl,
  redact,
  type SendContext,
} from '@tocsin/core';
import type { Agent } from 'undici';
import { alertmanagerBody } from './alertmanager-payload.js';
import { fitBody } from './fit-body.js';
import { requestError } from './request-error.js';
import { tocsinBody } from './tocsin-payload.js';
import {
  parseWebhookChannelOptions,
  type WebhookChannelOptions,
  type WebhookFormat,
} from './webhook-channel-options.js';
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.js';

/** The header carrying the alert's stable id, the same on every retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

const USER_AGENT = 'tocsin-webhook';

/** Alert ids sent as they are in `idempotency-key`: visible ASCII, no spaces. */
const HEADER_SAFE_ID = /^[\x21-\x7e]{1,200}$/;

/** How long `close()` lets requests still in flight finish before cutting their sockets. */
const CLOSE_GRACE_MS = 5000;

/**
 * Delivers alerts to any HTTP endpoint as JSON: Tocsin's own body, Prometheus
 * Alertmanager's webhook body, or one you build. Each request carries the alert's id as
 * `idempotency-key` and, with a `secret`, an HMAC signature (`tocsin-signature`).
 *
 * One keep-alive undici `Agent` carries every request (made on the first send, closed by
 * `close()`). Redirects are not followed. 2xx is success; 408, 425, 429, 5xx, network
 * failures and timeouts throw a retryable `DeliveryError` (with Retry-After); other answers
 * a permanent one. The URL and header values are secrets: they never appear in errors,
 * `String(channel)`, `JSON.stringify(channel)` or `util.inspect(channel)`.
 */
export class WebhookChannel implements Channel {
  readonly name: string;
  /** HTTP method used for every request. */
  readonly method: 'POST' | 'PUT';
  /** Seconds one request may wait for the answer (see the `timeout` option), if set. */
  readonly timeout: number | undefined;

  readonly #origin: string;
  readonly #path: string;
  readonly #maskedUrl: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #headerNames: readonly string[];
  readonly #format: WebhookFormat;
  readonly #key: KeyObject | undefined;
  readonly #maxResponseBytes: number;
  readonly #maxBodyBytes: number;
  readonly #timeoutMs: number | undefined;
  readonly #target: RequestTarget;
  readonly #agent: KeepAliveAgent;

  constructor(options: WebhookChannelOptions) {
    const resolved = parseWebhookChannelOptions(options);
    this.name = resolved.name;
    this.method = resolved.method;
    this.timeout =
      resolved.timeout === undefined
        ? undefined
        : applyLimit('timeout', resolved.timeout, { source: 'WebhookChannel options' });
    this.#timeoutMs = this.timeout === undefined ? undefined : this.timeout * 1000;
    this.#format = resolved.format;
    this.#maxResponseBytes = resolved.maxResponseBytes;
    this.#maxBodyBytes = resolved.maxBodyBytes;
    this.#agent = new KeepAliveAgent({
      connections: resolved.maxConnections,
      pipelining: 1,
      closeGraceMs: CLOSE_GRACE_MS,
      proxy: resolved.proxy,
    });
    this.#key =
      resolved.secret === undefined
        ? undefined
        : createSecretKey(Buffer.from(resolved.secret, 'utf8'));

    const url = new URL(resolved.url);
    const secrets = [
      ...secretsOf(url, resolved.headers, resolved.secret),
      ...proxySecrets(resolved.proxy),
    ];
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
    };
    if (url.username !== '' || url.password !== '') {
      const basic = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
      headers.authorization = basic;
      secrets.push(basic.slice(6));
    }
    for (const [name, value] of Object.entries(resolved.headers))
      headers[name.toLowerCase()] = value;
    this.#headers = Object.freeze(headers);
    this.#headerNames = Object.keys(resolved.headers).map((name) => name.toLowerCase());
    this.#origin = url.origin;
    this.#path = `${url.pathname}${url.search}`;
    this.#maskedUrl = maskUrl(`${url.origin}${this.#path}`);
    // Longest first, so that a whole URL is hidden before its parts are.
    secrets.sort((a, b) => b.length - a.length);
    this.#target = {
      channel: this.name,
      method: this.method,
      maskedUrl: this.#maskedUrl,
      secrets,
      addressOption: 'url',
      hint: (status) =>
        status === 401 || status === 403
          ? 'not retried: check the credentials in `headers` or the signing `secret`'
          : undefined,
    };
  }

  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    const body = this.#render(alert);
    const headers: Record<string, string> = {
      ...this.#headers,
      [IDEMPOTENCY_HEADER]: idempotencyKey(alert.id),
    };
    if (this.#key !== undefined) {
      headers[WEBHOOK_SIGNATURE_HEADER] = signWebhookPayload({ payload: body, secret: this.#key });
    }
    return this.#agent.track((agent) => this.#exchange(agent, headers, body, context));
  }

  /**
   * Release the keep-alive connections: requests still in flight may finish for up to
   * 5 s, then their sockets are cut. Closing twice is harmless; a later `send` opens a
   * new agent (close it again when done).
   */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** What is safe to show: the masked URL and the header names, never their values. */
  toJSON(): Record<string, unknown> {
    return {
      type: 'webhook',
      name: this.name,
      url: this.#maskedUrl,
      method: this.method,
      format: typeof this.#format === 'function' ? 'custom' : this.#format,
      headers: this.#headerNames,
      signed: this.#key !== undefined,
      timeout: this.timeout,
      maxBodyBytes: this.#maxBodyBytes,
    };
  }

  toString(): string {
    return `WebhookChannel(${this.name}: ${this.method} ${this.#maskedUrl})`;
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `WebhookChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }

  /** One request and its answer, on `agent`. */
  async #exchange(
    agent: Agent,
    headers: Record<string, string>,
    body: string | Uint8Array,
    context: SendContext,
  ): Promise<ChannelReceipt> {
    let response: Awaited<ReturnType<Agent['request']>>;
    try {
      response = await agent.request({
        origin: this.#origin,
        path: this.#path,
        method: this.method,
        headers,
        body,
        signal: context.signal,
        headersTimeout: this.#timeoutMs ?? null,
        bodyTimeout: this.#timeoutMs ?? null,
      });
    } catch (error) {
      throw requestError(error, {
        ...this.#target,
        signal: context.signal,
        timeoutSeconds: this.timeout,
      });
    }

    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      await discardBody(response.body, this.#maxResponseBytes);
      return {};
    }
    if (status >= 300 && status < 400) {
      await discardBody(response.body, this.#maxResponseBytes);
      throw redirectError(this.#target, status, response.headers);
    }
    const { text } = await readBodyText(response.body, this.#maxResponseBytes);
    throw responseError(this.#target, status, response.headers, text);
  }

  #render(alert: Alert): string | Uint8Array {
    const format = this.#format;
    if (format === 'tocsin') return fitBody(tocsinBody(alert), this.#maxBodyBytes);
    if (format === 'alertmanager')
      return fitBody(alertmanagerBody(alert, this.name), this.#maxBodyBytes);
    let value: unknown;
    let json: string | undefined;
    try {
      value = format(alert);
      if (typeof value === 'string' || value instanceof Uint8Array) return value;
      json = JSON.stringify(value);
    } catch (error) {
      const reason = redact(String((error as Error)?.message ?? error), this.#target.secrets);
      throw new DeliveryError(`${this.name}: the \`format\` function failed: ${reason}`, {
        channel: this.name,
        retryable: false,
        code: 'TOCSIN_CHANNEL',
      });
    }
    if (json === undefined) {
      throw new DeliveryError(
        `${this.name}: the \`format\` function returned ${typeof value}; return the body to send (a value for JSON, a string or bytes)`,
        { channel: this.name, retryable: false, code: 'TOCSIN_CHANNEL' },
      );
    }
    return json;
  }
}

/**
 * The alert id as a header value: as it is when it is visible ASCII (generated ids are
 * UUIDs), else `sha256-<hex of the id>`, which is stable too but cannot break the header.
 */
function idempotencyKey(id: string): string {
  return HEADER_SAFE_ID.test(id) ? id : `sha256-${createHash('sha256').update(id).digest('hex')}`;
}

/** Every part of the target that may be a secret, to hide from text the receiver sends back. */
function secretsOf(
  url: URL,
  headers: Readonly<Record<string, string>>,
  secret: string | undefined,
): string[] {
  const found = [...urlSecrets(url), ...Object.values(headers)];
  if (secret !== undefined) found.push(secret);
  return [...new Set(found)].filter((value) => value.length >= 4);
}
