import { isTimeoutReason, parseRetryAfter } from '@tocsin/channel-kit';
import { DeliveryError, redact } from '@tocsin/core';
import { sanitizeError } from './sanitize-error.js';

/** What the channel knew about the failed request, to explain it. */
export interface SlackFailureContext {
  /** The channel's name, for `DeliveryError.channel` and the message prefix. */
  channel: string;
  /** `host[:port]` of the webhook: safe to show, and says where. */
  host: string;
  /** Strings that must not appear in the message or the cause (the URL and its path). */
  secrets: readonly string[];
  /** The Retry-After header of the answer, when there was one. */
  retryAfter?: string | undefined;
  /** The attempt's signal from core (or the caller). */
  signal: AbortSignal;
  /** The channel's own `timeout`, when set: its signal and its seconds. */
  timeout?: { signal: AbortSignal; seconds: number } | undefined;
}

interface HttpFailure {
  statusCode: number;
  statusMessage?: string;
  body?: string;
}

const SDK_HTTP_ERROR = 'slack_webhook_http_error';
const SDK_REQUEST_ERROR = 'slack_webhook_request_error';

/**
 * Map whatever sending threw (the SDK's HTTP and request errors, an abort, a network
 * failure) to a DeliveryError: 408, 429 and 5xx, timeouts and network errors are
 * retryable; an abort that is not a timeout is not; other 4xx, redirects and anything unexpected are not. Messages carry Slack's
 * reason (`invalid_payload`, `no_service`, ...) and never the webhook URL.
 */
export function toSlackDeliveryError(error: unknown, context: SlackFailureContext): DeliveryError {
  if (DeliveryError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === SDK_HTTP_ERROR && typeof (error as HttpFailure).statusCode === 'number') {
    return httpError(error as HttpFailure, context);
  }
  const original = code === SDK_REQUEST_ERROR ? (error as { original?: unknown }).original : error;
  if (context.signal.aborted) return abortError(context);
  if (context.timeout?.signal.aborted) {
    return new DeliveryError(
      `${context.channel}: no answer from ${context.host} within ${context.timeout.seconds} s`,
      {
        channel: context.channel,
        retryable: true,
        code: 'TOCSIN_TIMEOUT',
      },
    );
  }
  if (code === SDK_REQUEST_ERROR) return networkError(original, context);
  return new DeliveryError(
    `${context.channel}: could not send the alert: ${redact(messageOf(error), context.secrets)}`,
    { channel: context.channel, retryable: false, cause: sanitizeError(error, context.secrets) },
  );
}

/** A workflow trigger answered 2xx but `{ ok: false, error }`. */
export function workflowRejected(reason: string, context: SlackFailureContext): DeliveryError {
  return new DeliveryError(
    `${context.channel}: the Slack workflow trigger refused the alert (${cleanReason(reason, context.secrets)}); not retryable`,
    { channel: context.channel, retryable: false, code: 'TOCSIN_SLACK_REJECTED' },
  );
}

function httpError(failure: HttpFailure, context: SlackFailureContext): DeliveryError {
  const status = failure.statusCode;
  const reason = cleanReason(failure.body || failure.statusMessage || '', context.secrets);
  const what = `HTTP ${status}${reason === '' ? '' : ` ${reason}`}`;
  const ch = context.channel;
  const make = (message: string, code: string, retryable: boolean, retryAfter?: number) =>
    new DeliveryError(message, { channel: ch, retryable, statusCode: status, retryAfter, code });

  if (status === 429) {
    const seconds = parseRetryAfter(context.retryAfter);
    const when = seconds === undefined ? 'retryable' : `retry after ${seconds} s`;
    return make(
      `${ch}: Slack is rate limiting this webhook (${what}); ${when}`,
      'TOCSIN_SLACK_RATE_LIMITED',
      true,
      seconds,
    );
  }
  if (status >= 500) {
    return make(
      `${ch}: Slack failed to handle the alert (${what}); retryable`,
      'TOCSIN_SLACK_SERVER_ERROR',
      true,
      parseRetryAfter(context.retryAfter),
    );
  }
  if (status === 408) {
    return make(
      `${ch}: Slack timed out reading the request (${what}); retryable`,
      'TOCSIN_SLACK_TIMEOUT',
      true,
    );
  }
  if (status === 400) {
    return make(
      `${ch}: Slack rejected the message as invalid (${what}); check the channel's options, not retryable`,
      'TOCSIN_SLACK_INVALID_PAYLOAD',
      false,
    );
  }
  if (status === 401 || status === 403) {
    return make(
      `${ch}: Slack refused to post (${what}): the webhook's app or workspace does not allow it; not retryable`,
      'TOCSIN_SLACK_FORBIDDEN',
      false,
    );
  }
  if (status === 404) {
    return make(
      `${ch}: Slack does not know this webhook (${what}): it was removed or revoked; create a new one and update \`webhookUrl\`, not retryable`,
      'TOCSIN_SLACK_NOT_FOUND',
      false,
    );
  }
  if (status === 410) {
    return make(
      `${ch}: the webhook's channel is gone (${what}): unarchive it or use another webhook; not retryable`,
      'TOCSIN_SLACK_GONE',
      false,
    );
  }
  return make(
    `${ch}: Slack rejected the alert (${what}); not retryable`,
    'TOCSIN_SLACK_REJECTED',
    false,
  );
}

function abortError(context: SlackFailureContext): DeliveryError {
  const reason: unknown = context.signal.reason;
  // Core aborts an attempt with its own timeout DeliveryError: hand that one back as it is.
  if (DeliveryError.isInstance(reason)) return reason;
  // Any other timeout is retryable; an abort for another reason (a shutdown, a caller
  // cancelling) is final, as in the webhook and email channels.
  const timedOut = isTimeoutReason(reason);
  const why = reason === undefined ? '' : ` (${redact(messageOf(reason), context.secrets)})`;
  return new DeliveryError(
    `${context.channel}: the request to ${context.host} was aborted${why}; ${timedOut ? 'retryable' : 'not retried'}`,
    {
      channel: context.channel,
      retryable: timedOut,
      code: timedOut ? 'TOCSIN_TIMEOUT' : 'TOCSIN_ABORTED',
    },
  );
}

const NETWORK_MESSAGES: Readonly<Record<string, (host: string) => string>> = {
  ECONNREFUSED: (host) => `could not connect to ${host}: connection refused`,
  ECONNRESET: (host) => `the connection to ${host} was reset before Slack answered`,
  EPIPE: (host) => `the connection to ${host} was closed while sending`,
  UND_ERR_SOCKET: (host) => `the connection to ${host} closed before Slack answered`,
  UND_ERR_CLOSED: (host) => `the connection to ${host} closed before Slack answered`,
  ENOTFOUND: (host) => `could not resolve ${host} (DNS)`,
  EAI_AGAIN: (host) => `could not resolve ${host} (DNS, temporary failure)`,
  ETIMEDOUT: (host) => `connecting to ${host} timed out`,
  UND_ERR_CONNECT_TIMEOUT: (host) => `connecting to ${host} timed out`,
  UND_ERR_HEADERS_TIMEOUT: (host) => `${host} did not answer in time`,
  UND_ERR_BODY_TIMEOUT: (host) => `${host} did not finish its answer in time`,
  ENETUNREACH: (host) => `the network to ${host} is unreachable`,
  EHOSTUNREACH: (host) => `${host} is unreachable`,
};

function networkError(original: unknown, context: SlackFailureContext): DeliveryError {
  const cause = sanitizeError(original, context.secrets);
  const chain = causeChain(original);
  if (chain.some((error) => /unexpected redirect|redirect mode/i.test(error.message))) {
    return new DeliveryError(
      `${context.channel}: ${context.host} answered with a redirect; webhooks are not followed across redirects, check \`webhookUrl\`; not retryable`,
      { channel: context.channel, retryable: false, cause, code: 'TOCSIN_SLACK_REDIRECT' },
    );
  }
  const coded = chain.find((error) => typeof (error as { code?: unknown }).code === 'string');
  const errno =
    coded === undefined ? undefined : String((coded as unknown as { code: string }).code);
  const describe = errno === undefined ? undefined : NETWORK_MESSAGES[errno];
  const innermost = chain[chain.length - 1];
  const detail =
    describe?.(context.host) ??
    `network error talking to ${context.host}: ${redact(messageOf(innermost ?? original), context.secrets)}`;
  return new DeliveryError(
    `${context.channel}: ${detail}${errno === undefined ? '' : ` [${errno}]`}; retryable`,
    {
      channel: context.channel,
      retryable: true,
      cause,
      code: 'TOCSIN_SLACK_NETWORK',
    },
  );
}

/** Slack's reason as sent (`invalid_payload`), or the `error` of a JSON answer; one short, clean line. */
function cleanReason(body: string, secrets: readonly string[]): string {
  let text = body.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed.error === 'string') text = parsed.error;
    } catch {
      // Not JSON after all: use the text as it is.
    }
  }
  text = text
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > 120) text = `${text.slice(0, 120)}…`;
  return redact(text, secrets);
}

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 5) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
