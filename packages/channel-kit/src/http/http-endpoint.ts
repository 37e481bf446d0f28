import { maskUrl, urlSecrets } from '@tocsin/core';
import type { Agent } from 'undici';
import { KeepAliveAgent } from '../keep-alive-agent.js';
import { proxySecrets } from '../options/http-channel-fields.js';
import { requestError } from '../request-error.js';
import { discardBody, readBodyText } from './read-body.js';
import { type RequestTarget, redirectError, responseError } from './response-error.js';

export interface HttpEndpointOptions {
  /** The channel's name, for errors. */
  readonly channel: string;
  /** Where to send: a secret (it is never shown but masked). */
  readonly url: string | URL;
  /** @default 'POST' */
  readonly method?: 'POST' | 'PUT' | undefined;
  /** Headers of every request (`content-type` defaults to JSON); their values are secrets. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** More strings to hide from every message (a token that is not in the URL). */
  readonly secrets?: readonly string[] | undefined;
  /** How the URL is shown. @default maskUrl(url) */
  readonly maskedUrl?: string | undefined;
  /** The option that holds the address, for hints (`webhookUrl`). */
  readonly addressOption?: string | undefined;
  /** Seconds to wait for the answer (undici's headers and body timeouts); else core's deadline alone. */
  readonly timeout?: number | undefined;
  /** @default 4 */
  readonly maxConnections?: number | undefined;
  /** An HTTP(S) proxy URL, or `'env'` (see `KeepAliveAgentOptions.proxy`). @default none */
  readonly proxy?: string | undefined;
  /** At most this much of an answer is read. @default 64 KiB */
  readonly maxAnswerBytes?: number | undefined;
  /** Per-status advice in a refusal's message; see `RequestTarget.hint`. */
  readonly hint?: RequestTarget['hint'];
  /** The remote's own reason in a refusal's body; see `RequestTarget.reasonOf`. */
  readonly reasonOf?: RequestTarget['reasonOf'];
  /** Seconds to wait when a retryable answer has no Retry-After; see `RequestTarget.retryAfterIn`. */
  readonly retryAfterIn?: RequestTarget['retryAfterIn'];
}

/** A 2xx answer: its status and the start of its body. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

const CLOSE_GRACE_MS = 5000;

/**
 * One HTTP endpoint a channel posts to, on its own keep-alive connection pool: the
 * request, the bounded reading of the answer, and the one mapping of failures every
 * channel shares. 2xx resolves with the answer; 3xx (not followed), 4xx and 5xx throw a
 * DeliveryError (408, 425, 429 and 5xx retryable, with Retry-After), as do network
 * failures, timeouts and aborts. The URL, header values and `secrets` never appear in
 * an error: the URL is shown masked, and the remote's words are redacted.
 */
export class HttpEndpoint {
  /** The URL as it may be shown. */
  readonly maskedUrl: string;
  readonly #origin: string;
  readonly #path: string;
  readonly #method: 'POST' | 'PUT';
  readonly #headers: Readonly<Record<string, string>>;
  readonly #target: RequestTarget;
  readonly #timeoutMs: number | undefined;
  readonly #maxAnswerBytes: number;
  readonly #agent: KeepAliveAgent;
  readonly #proxied: boolean;

  constructor(options: HttpEndpointOptions) {
    const url = new URL(String(options.url));
    this.#origin = url.origin;
    this.#path = `${url.pathname}${url.search}`;
    this.#method = options.method ?? 'POST';
    this.#headers = Object.freeze({
      'content-type': 'application/json',
      'user-agent': 'tocsin',
      ...Object.fromEntries(
        Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    });
    this.maskedUrl = options.maskedUrl ?? maskUrl(url.href);
    const secrets = [
      ...urlSecrets(url),
      ...Object.values(options.headers ?? {}),
      ...(options.secrets ?? []),
      ...proxySecrets(options.proxy),
    ]
      .filter((value) => value.length >= 4)
      .sort((a, b) => b.length - a.length);
    this.#target = {
      channel: options.channel,
      method: this.#method,
      maskedUrl: this.maskedUrl,
      secrets,
      addressOption: options.addressOption,
      hint: options.hint,
      reasonOf: options.reasonOf,
      retryAfterIn: options.retryAfterIn,
    };
    this.#timeoutMs = options.timeout === undefined ? undefined : options.timeout * 1000;
    this.#maxAnswerBytes = options.maxAnswerBytes ?? 64 * 1024;
    this.#agent = new KeepAliveAgent({
      connections: options.maxConnections ?? 4,
      pipelining: 1,
      closeGraceMs: CLOSE_GRACE_MS,
      proxy: options.proxy,
    });
    this.#proxied = options.proxy !== undefined;
  }

  /** The strings no message may show (longest first), for a channel's own errors. */
  get secrets(): readonly string[] {
    return this.#target.secrets;
  }

  /**
   * Send `body` and wait for the answer.
   * @param headers more headers for this request (an idempotency key)
   * @returns the 2xx answer, its body read up to the limit
   * @throws DeliveryError for anything else
   */
  send(
    body: string | Uint8Array,
    signal: AbortSignal,
    headers?: Readonly<Record<string, string>>,
  ): Promise<HttpAnswer> {
    return this.#agent.track((agent) => this.#exchange(agent, body, signal, headers));
  }

  /** Let requests in flight finish for up to 5 s, then cut them. Harmless twice. */
  close(): Promise<void> {
    return this.#agent.close();
  }

  async #exchange(
    agent: Agent,
    body: string | Uint8Array,
    signal: AbortSignal,
    headers: Readonly<Record<string, string>> | undefined,
  ): Promise<HttpAnswer> {
    let response: Awaited<ReturnType<Agent['request']>>;
    try {
      response = await agent.request({
        origin: this.#origin,
        path: this.#path,
        method: this.#method,
        // undici's proxy agents add a `host` header to the object: give them a copy.
        headers:
          headers === undefined && !this.#proxied
            ? this.#headers
            : { ...this.#headers, ...headers },
        body,
        signal,
        headersTimeout: this.#timeoutMs ?? null,
        bodyTimeout: this.#timeoutMs ?? null,
      });
    } catch (error) {
      throw requestError(error, {
        channel: this.#target.channel,
        where: `${this.#method} ${this.maskedUrl}`,
        secrets: this.#target.secrets,
        signal,
        timeoutSeconds: this.#timeoutMs === undefined ? undefined : this.#timeoutMs / 1000,
      });
    }
    const status = response.statusCode;
    if (status >= 300 && status < 400) {
      await discardBody(response.body, this.#maxAnswerBytes);
      throw redirectError(this.#target, status, response.headers);
    }
    const { text } = await readBodyText(response.body, this.#maxAnswerBytes);
    if (status >= 200 && status < 300) return { status, text };
    throw responseError(this.#target, status, response.headers, text);
  }
}
