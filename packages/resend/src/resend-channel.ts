import { inspect } from 'node:util';
import {
  abortError,
  formatMailbox,
  KeepAliveAgent,
  proxySecrets,
  redactSecrets,
  renderEmail,
  type Secrets,
  tocsinMailHeaders,
} from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  maskUrl,
  type SendContext,
} from '@tocsin/core';
import { type CreateEmailOptions, type CreateEmailRequestOptions, Resend } from 'resend';
import type { Agent } from 'undici';
import { channelFingerprint, idempotencyKey } from './idempotency-key.js';
import { mapResendError } from './map-resend-error.js';
import {
  parseResendChannelOptions,
  type ResendChannelOptions,
  type ResolvedResendChannelOptions,
} from './resend-channel-options.js';
import { RESEND_KEY_PATTERN } from './resend-key-pattern.js';

const DEFAULT_BASE_URL = 'https://api.resend.com';
/** How long `close()` lets requests still in flight finish before cutting their sockets. */
const CLOSE_GRACE_MS = 5000;

/**
 * Sends alerts as email through Resend's API with the official SDK: subject, text and
 * HTML from channel-kit's shared renderer, the alert id and level as `X-Tocsin-*` headers, and an
 * `Idempotency-Key` derived from the alert id so a retry never sends the email twice.
 * Failures become DeliveryErrors that say whether core may retry. One keep-alive HTTP agent,
 * made on the first send and released by `close()`. The API key never shows in an error,
 * a result or the channel's string forms.
 */
export class ResendChannel implements Channel {
  readonly name: string;
  /** Seconds one request may take (1..120), or `undefined` to rely on the AlertManager's timeout. */
  readonly timeout: number | undefined;
  readonly #apiKey: string;
  readonly #options: ResolvedResendChannelOptions;
  readonly #from: string;
  readonly #baseUrl: string;
  /** The base URL as safe to show. */
  readonly #endpoint: string;
  readonly #fingerprint: string;
  /** The API key, and any string shaped like one. */
  readonly #secrets: Secrets;
  readonly #agent: KeepAliveAgent;
  #client: Resend | undefined;

  constructor(options: ResendChannelOptions) {
    const parsed = parseResendChannelOptions(options);
    this.#apiKey = parsed.apiKey ?? keyFromEnvironment();
    this.#secrets = [this.#apiKey, ...proxySecrets(parsed.proxy), RESEND_KEY_PATTERN];
    this.#agent = new KeepAliveAgent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      closeGraceMs: CLOSE_GRACE_MS,
      proxy: parsed.proxy,
    });
    this.#options = parsed;
    this.name = parsed.name;
    this.timeout =
      parsed.timeout === undefined
        ? undefined
        : applyLimit('timeout', parsed.timeout, { source: 'ResendChannel options' });
    this.#from = formatMailbox(parsed.from);
    this.#baseUrl = baseUrlFrom(parsed.baseUrl);
    this.#endpoint = maskUrl(this.#baseUrl);
    this.#fingerprint = channelFingerprint([
      this.#from,
      parsed.to,
      parsed.cc,
      parsed.bcc,
      parsed.replyTo,
      parsed.subjectPrefix,
      parsed.tags,
      parsed.html,
      parsed.maxBodyBytes,
    ]);
  }

  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (context.signal.aborted) throw this.#aborted(context.signal.reason);
    const options = this.#options;
    const email = renderEmail(alert, {
      subjectPrefix: options.subjectPrefix,
      maxBodyBytes: options.maxBodyBytes,
      html: options.html,
    });
    const payload: CreateEmailOptions = {
      from: this.#from,
      to: options.to,
      subject: email.subject,
      text: email.text,
      headers: tocsinMailHeaders(alert),
    };
    if (email.html !== undefined) payload.html = email.html;
    if (options.cc !== undefined) payload.cc = options.cc;
    if (options.bcc !== undefined) payload.bcc = options.bcc;
    if (options.replyTo !== undefined) payload.replyTo = options.replyTo;
    if (options.tags !== undefined && options.tags.length > 0) payload.tags = options.tags;

    this.#client ??= new Resend(this.#apiKey, { baseUrl: this.#baseUrl });
    const client = this.#client;
    const attempt = attemptSignal(context.signal, this.timeout, () => this.#timedOut());
    // `dispatcher` is not in the SDK's types, but the SDK spreads these options into its
    // fetch call, where Node's fetch honours it: requests go through this channel's agent.
    const request = async (agent: Agent): Promise<ChannelReceipt> => {
      const requestOptions: CreateEmailRequestOptions & {
        dispatcher: Agent;
        redirect: 'manual';
      } = {
        idempotencyKey: idempotencyKey(alert.id, this.#fingerprint),
        signal: attempt.signal,
        dispatcher: agent,
        // Never follow a redirect: it would post the whole email (and the key) elsewhere.
        redirect: 'manual',
      };
      let response: Awaited<ReturnType<Resend['emails']['send']>>;
      try {
        response = await client.emails.send(payload, requestOptions);
      } catch (thrown) {
        // The SDK rethrows only the abort reason (when the signal fires while it reads an error body).
        if (attempt.signal.aborted) throw this.#aborted(attempt.signal.reason);
        throw new DeliveryError(
          `${this.name}: sending through the Resend SDK failed: ${this.#clean(thrown)}`,
          { channel: this.name, retryable: false, code: 'TOCSIN_CHANNEL' },
        );
      }
      if (response.error) {
        // An abort makes the SDK return a network-looking error; say what really happened.
        if (attempt.signal.aborted) throw this.#aborted(attempt.signal.reason);
        throw mapResendError(response.error, response.headers, {
          channel: this.name,
          endpoint: this.#endpoint,
          secrets: this.#secrets,
        });
      }
      if (response.data === null || typeof response.data !== 'object') {
        // Neither an email nor an error: an error body of `null`, which the SDK passes on as
        // "no error". Saying "sent" could hide a failure; a retry is safe (same idempotency key).
        throw new DeliveryError(
          `${this.name}: Resend at ${this.#endpoint} answered with neither an email id nor an error`,
          { channel: this.name, retryable: true, code: 'TOCSIN_REMOTE' },
        );
      }
      const id = (response.data as { id?: unknown }).id;
      return { messageId: typeof id === 'string' && id !== '' ? id : undefined };
    };
    try {
      return await this.#agent.track(request);
    } finally {
      attempt.dispose();
    }
  }

  /**
   * Release the HTTP agent and its keep-alive sockets, letting requests in flight finish
   * for up to 5 s. Calling it again is harmless; a later `send` opens a new agent.
   */
  async close(): Promise<void> {
    this.#client = undefined;
    await this.#agent.close();
  }

  /** What the channel sends to and through, with the API key masked. */
  toJSON(): Record<string, unknown> {
    const o = this.#options;
    return {
      type: 'resend',
      name: this.name,
      from: this.#from,
      to: o.to,
      cc: o.cc,
      bcc: o.bcc,
      replyTo: o.replyTo,
      subjectPrefix: o.subjectPrefix,
      tags: o.tags,
      html: o.html,
      maxBodyBytes: o.maxBodyBytes,
      baseUrl: this.#endpoint,
      timeout: this.timeout,
      apiKey: maskKey(this.#apiKey),
    };
  }

  toString(): string {
    return `ResendChannel(${this.name}: ${this.#from} -> ${this.#options.to.join(', ')} via ${this.#endpoint})`;
  }

  [inspect.custom](_depth: number, options: object): string {
    return `ResendChannel ${inspect(this.toJSON(), { ...options, depth: 2 })}`;
  }

  #timedOut(): DeliveryError {
    return new DeliveryError(
      `${this.name}: no answer from Resend at ${this.#endpoint} within ${this.timeout} s`,
      {
        channel: this.name,
        retryable: true,
        code: 'TOCSIN_TIMEOUT',
      },
    );
  }

  /** The error for an aborted attempt: core's own timeout error when that is the reason. */
  #aborted(reason: unknown): DeliveryError {
    if (DeliveryError.isInstance(reason)) return reason;
    // Any other timeout is retryable; an abort for another reason (a shutdown, a caller
    // cancelling) is final, as in every channel.
    return abortError({
      channel: this.name,
      where: `the request to Resend at ${this.#endpoint}`,
      secrets: this.#secrets,
      signal: AbortSignal.abort(reason),
    });
  }

  #clean(thrown: unknown): string {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return redactSecrets(message, this.#secrets);
  }
}

interface AttemptSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

/** The attempt's signal, also aborted after `timeout` seconds when the channel has one. */
function attemptSignal(
  outer: AbortSignal,
  timeout: number | undefined,
  timedOut: () => DeliveryError,
): AttemptSignal {
  if (timeout === undefined) return { signal: outer, dispose: () => {} };
  const controller = new AbortController();
  const follow = () => controller.abort(outer.reason);
  outer.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(() => controller.abort(timedOut()), timeout * 1000);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      outer.removeEventListener('abort', follow);
    },
  };
}

function keyFromEnvironment(): string {
  const key = process.env.RESEND_API_KEY?.trim();
  if (key === undefined || key === '') {
    throw new TypeError(
      'ResendChannel: `apiKey` is required: pass it, or set the RESEND_API_KEY environment variable',
    );
  }
  return key;
}

function baseUrlFrom(option: string | undefined): string {
  const raw = option ?? process.env.RESEND_BASE_URL?.trim() ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(
      'ResendChannel: the RESEND_BASE_URL environment variable must be an absolute http(s) URL',
    );
  }
  // The SDK appends `/emails` to it.
  return raw.replace(/\/+$/, '');
}

function maskKey(key: string): string {
  return key.startsWith('re_') ? 're_***' : '***';
}
