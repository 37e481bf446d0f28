import { DeliveryError, type DeliveryErrorCode } from '@tocsin/core';
import { isTimeoutReason } from './is-timeout-reason.js';
import { networkErrorCode } from './network-error-code.js';
import { redactSecrets, type Secrets } from './redact-secrets.js';
import { messageOf, sanitizeError } from './sanitize-error.js';

/** Where a request went and what must never show, to explain a request that got no answer. */
export interface RequestFailureContext {
  /** The channel's name, for `DeliveryError.channel` and the message prefix. */
  channel: string;
  /** Where the request went, already safe to show: `POST https://example.com/***`, `hooks.slack.com`. */
  where: string;
  /** What to hide from every message and the cause: URL, tokens, header values, token shapes. */
  secrets: Secrets;
  /** The attempt's signal, from core or the caller. */
  signal: AbortSignal;
  /** The channel's own timeout, when it has one: its signal and its length in seconds. */
  timeout?: { signal: AbortSignal; seconds: number } | undefined;
  /** The limit the HTTP library enforced for the answer (undici's `headersTimeout`), in seconds, to name it. */
  timeoutSeconds?: number | undefined;
}

/** What a failure code means, for a person. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is anything listening?)',
  ECONNRESET: 'connection reset before the answer',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed for now (DNS)',
  ETIMEDOUT: 'connection timed out',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection dropped before the answer',
  UND_ERR_CLOSED: 'connection closed before the answer',
  UND_ERR_CONNECT_TIMEOUT: 'could not connect in time',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the answer did not finish in time',
  UND_ERR_DESTROYED: 'cut off: the channel was closed before the answer',
};

/** Codes meaning the remote took too long to answer (connecting too long is a network failure). */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Codes meaning a bug or bad input, not the network: sending again cannot help. */
const CHANNEL_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_URL',
]);

/** fetch with `redirect: 'error'` fails this way on a 3xx. */
const REDIRECT = /unexpected redirect|redirect mode/i;

/**
 * A DeliveryError for an attempt that was aborted: a timeout (core's deadline, a
 * `TimeoutError`) is retryable `TOCSIN_TIMEOUT`; any other reason (a shutdown, a caller
 * cancelling) is final `TOCSIN_ABORTED`.
 */
export function abortError(context: RequestFailureContext): DeliveryError {
  const reason: unknown = context.signal.reason;
  const timedOut = isTimeoutReason(reason);
  const said = reason instanceof Error ? messageOf(reason) : '';
  const why = said === '' ? '' : `: ${redactSecrets(said, context.secrets)}`;
  return new DeliveryError(`${context.channel}: ${context.where} was aborted${why}`, {
    channel: context.channel,
    retryable: timedOut,
    code: timedOut ? 'TOCSIN_TIMEOUT' : 'TOCSIN_ABORTED',
    ...(reason instanceof Error ? { cause: sanitizeError(reason, context.secrets) } : {}),
  });
}

/**
 * A DeliveryError for a request that got no answer: aborted, timed out, refused, reset, a
 * DNS failure, a redirect that was not followed. Network failures and timeouts are
 * retryable; aborts for another reason, redirects and bad input are not. The cause is a
 * sanitised copy of the library's error, so inspecting it cannot show a URL or a token.
 */
export function requestError(error: unknown, context: RequestFailureContext): DeliveryError {
  if (DeliveryError.isInstance(error)) return error;
  if (context.signal.aborted) return abortError(context);
  const { channel, where } = context;
  const cause = sanitizeError(error, context.secrets);
  if (context.timeout?.signal.aborted === true) {
    return new DeliveryError(
      `${channel}: no answer from ${where} within ${context.timeout.seconds} s`,
      { channel, retryable: true, code: 'TOCSIN_TIMEOUT', cause },
    );
  }
  if (chain(error).some((e) => REDIRECT.test(e.message))) {
    return new DeliveryError(
      `${channel}: ${where} answered with a redirect, which is not followed: use the final address`,
      { channel, retryable: false, code: 'TOCSIN_REJECTED', cause },
    );
  }
  const errno = networkErrorCode(error);
  const [code, retryable]: [DeliveryErrorCode, boolean] =
    errno !== undefined && TIMEOUT_CODES.has(errno)
      ? ['TOCSIN_TIMEOUT', true]
      : errno !== undefined && CHANNEL_CODES.has(errno)
        ? ['TOCSIN_CHANNEL', false]
        : // Failures without an answer are network trouble more often than not.
          ['TOCSIN_NETWORK', true];
  const known =
    code === 'TOCSIN_TIMEOUT' && context.timeoutSeconds !== undefined
      ? `no answer within ${context.timeoutSeconds} s`
      : errno === undefined
        ? undefined
        : NETWORK_REASONS[errno];
  const detail = known ?? (redactSecrets(messageOf(error), context.secrets) || 'request failed');
  return new DeliveryError(
    `${channel}: ${where} failed: ${detail}${errno === undefined ? '' : ` (${errno})`}`,
    { channel, retryable, code, cause },
  );
}

function chain(error: unknown): Error[] {
  const errors: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && errors.length < 5) {
    errors.push(current);
    current = current.cause;
  }
  return errors;
}
