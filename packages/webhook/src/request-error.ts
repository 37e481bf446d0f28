import { isTimeoutReason } from '@tocsin/channel-kit';
import { DeliveryError, redact } from '@tocsin/core';
import type { RequestTarget } from './response-error.js';

/** What a network failure code means, for a person. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the receiver listening?)',
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
  UND_ERR_DESTROYED: 'cut off: the channel was closed before the answer',
};

/** undici codes that mean a bug or bad input, not a network problem: retrying cannot help. */
const PERMANENT_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_URL',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export interface RequestErrorContext extends RequestTarget {
  signal: AbortSignal;
  /** The channel's own `timeout`, in seconds, when set. */
  timeoutSeconds: number | undefined;
}

/**
 * A DeliveryError for a request that got no answer: aborted, timed out, refused, reset,
 * DNS failure... Network failures and timeouts are retryable; an abort for another reason
 * than a timeout (the manager shutting down) and bad-input errors are not. The cause is a
 * sanitised copy of the library's error, so inspecting it cannot show the URL or a header.
 */
export function requestError(error: unknown, context: RequestErrorContext): DeliveryError {
  const where = `${context.channel}: ${context.method} ${context.maskedUrl}`;
  const base = { channel: context.channel } as const;
  if (context.signal.aborted) {
    const reason = context.signal.reason as { message?: unknown } | undefined;
    const timedOut = isTimeoutReason(reason);
    const why =
      typeof reason?.message === 'string' && reason.message !== ''
        ? `: ${redact(reason.message, context.secrets)}`
        : '';
    return new DeliveryError(`${where} was aborted${why}`, {
      ...base,
      retryable: timedOut,
      code: timedOut ? 'TOCSIN_TIMEOUT' : 'TOCSIN_ABORTED',
      cause: sanitise(reason, context.secrets),
    });
  }
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const limit = context.timeoutSeconds === undefined ? '' : ` within ${context.timeoutSeconds} s`;
    return new DeliveryError(`${where}: no answer${limit} (${code})`, {
      ...base,
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
      cause: sanitise(error, context.secrets),
    });
  }
  const permanent = code !== undefined && PERMANENT_CODES.has(code);
  const known = code === undefined ? undefined : NETWORK_REASONS[code];
  const detail = known ?? redact(messageOf(error) || 'request failed', context.secrets);
  return new DeliveryError(`${where} failed: ${detail}${code === undefined ? '' : ` (${code})`}`, {
    ...base,
    // Unknown failures without an answer are network trouble more often than not.
    retryable: !permanent,
    code: permanent ? 'TOCSIN_WEBHOOK_REQUEST' : 'TOCSIN_WEBHOOK_NETWORK',
    cause: sanitise(error, context.secrets),
  });
}

/** The error's code, or the first inner one (a refused dual-stack connect is an AggregateError). */
function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown })?.errors;
  if (Array.isArray(inner)) return errorCode(inner[0]);
  const cause = (error as { cause?: unknown })?.cause;
  return cause === undefined || cause === error ? undefined : errorCode(cause);
}

function messageOf(error: unknown): string {
  if (error instanceof Error)
    return (
      error.message ||
      (Array.isArray((error as AggregateError).errors)
        ? messageOf((error as AggregateError).errors[0])
        : '')
    );
  return typeof error === 'string' ? error : '';
}

/** A plain Error with the same name, code and a redacted message; no nested cause, no extra fields. */
function sanitise(error: unknown, secrets: readonly string[]): Error | undefined {
  if (error === undefined || error === null) return undefined;
  const copy = new Error(redact(messageOf(error) || String(error), secrets));
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string') copy.name = name;
  const code = errorCode(error);
  if (code !== undefined) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}
