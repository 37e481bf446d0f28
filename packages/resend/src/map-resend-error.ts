import {
  deliveryCodeForStatus,
  isRetryableStatus,
  parseRetryAfter,
  redactSecrets,
  type Secrets,
} from '@tocsin/channel-kit';
import { DeliveryError, type DeliveryErrorCode } from '@tocsin/core';
import type { ErrorResponse } from 'resend';

export interface MapResendErrorContext {
  /** The channel's name, for the message and `DeliveryError.channel`. */
  channel: string;
  /** The API base URL, already masked, for network failures. */
  endpoint: string;
  /** Exact strings to cut out of Resend's message (the API key). */
  secrets: Secrets;
}

/** Retryable when the answer had no status (a JSON error body without `statusCode`). */
const RETRYABLE_NAMES = new Set([
  'rate_limit_exceeded',
  'application_error',
  'internal_server_error',
  'concurrent_idempotent_requests',
]);
/** 429s that a retry seconds later cannot fix: the quota resets daily or monthly. */
const QUOTA_NAMES = new Set(['daily_quota_exceeded', 'monthly_quota_exceeded']);
/** The shared code of an error name, when the answer had no status. */
const CODE_BY_NAME: Readonly<Record<string, DeliveryErrorCode>> = {
  rate_limit_exceeded: 'TOCSIN_RATE_LIMITED',
  daily_quota_exceeded: 'TOCSIN_RATE_LIMITED',
  monthly_quota_exceeded: 'TOCSIN_RATE_LIMITED',
  missing_api_key: 'TOCSIN_AUTH',
  invalid_api_key: 'TOCSIN_AUTH',
  restricted_api_key: 'TOCSIN_AUTH',
  application_error: 'TOCSIN_REMOTE',
  internal_server_error: 'TOCSIN_REMOTE',
  concurrent_idempotent_requests: 'TOCSIN_REMOTE',
  unknown_error: 'TOCSIN_REMOTE',
};
const MAX_MESSAGE = 500;

/**
 * Turn the `{ error, headers }` the Resend SDK returns (it never throws) into a DeliveryError
 * with channel-kit's shared retry policy and codes: network failures (`application_error`
 * with a null status), 408, 425, 429 and 5xx are retryable, with `retryAfter` from the
 * Retry-After header. What is Resend's own: its error name (in `reason`), 409
 * `concurrent_idempotent_requests` (the first try is still being processed: retryable),
 * and a used-up quota (429, but not retryable). Resend's message is kept, secrets cut out.
 */
export function mapResendError(
  error: ErrorResponse,
  headers: Record<string, string> | null,
  context: MapResendErrorContext,
): DeliveryError {
  const name =
    typeof error?.name === 'string' && /^[a-z_]{1,64}$/.test(error.name)
      ? error.name
      : 'unknown_error';
  const status = typeof error?.statusCode === 'number' ? error.statusCode : undefined;
  const said = clean(error?.message, context.secrets);
  const cause = Object.freeze({ name, statusCode: status ?? null, message: said });

  if (error?.statusCode === null && name === 'application_error') {
    return new DeliveryError(
      `${context.channel}: could not reach Resend at ${context.endpoint}: the connection failed or no valid answer came back (refused, reset, DNS or TLS failure) (${said})`,
      { channel: context.channel, retryable: true, code: 'TOCSIN_NETWORK', reason: name, cause },
    );
  }

  // Without a status (the SDK drops it when the body is JSON), Resend's error name decides;
  // an answer not in Resend's shape at all (a proxy's `{ message }`) is retried.
  const retryable = QUOTA_NAMES.has(name)
    ? false
    : status === undefined
      ? RETRYABLE_NAMES.has(name) || name === 'unknown_error'
      : isRetryableStatus(status) || name === 'concurrent_idempotent_requests';
  const retryAfter = parseRetryAfter(headers?.['retry-after'] ?? headers?.['ratelimit-reset']);
  const wait = retryable && retryAfter !== undefined ? `; retry after ${retryAfter} s` : '';
  return new DeliveryError(
    `${context.channel}: Resend ${what(status, name)} (${status ?? 'no status'} ${name}): ${said}${hint(status, name)}${wait}`,
    {
      channel: context.channel,
      retryable,
      retryAfter,
      statusCode: status,
      code: codeFor(status, name),
      reason: name,
      cause,
    },
  );
}

function codeFor(status: number | undefined, name: string): DeliveryErrorCode {
  if (name === 'concurrent_idempotent_requests') return 'TOCSIN_REMOTE';
  if (status !== undefined) return deliveryCodeForStatus(status);
  return CODE_BY_NAME[name] ?? 'TOCSIN_REJECTED';
}

function what(status: number | undefined, name: string): string {
  if (status === 429 || name === 'rate_limit_exceeded') return 'rate-limited the request';
  if (QUOTA_NAMES.has(name)) return 'refused the email: sending quota used up';
  if (status === 401 || status === 403) return 'refused the API key';
  if (status !== undefined && status >= 500) return 'failed on its side';
  return 'rejected the email';
}

function hint(status: number | undefined, name: string): string {
  if (status === 401 || status === 403 || name.endsWith('api_key')) {
    return '. Check the `apiKey` option or the RESEND_API_KEY environment variable';
  }
  if (status !== undefined && status >= 300 && status < 400) {
    return '. Redirects are not followed (they would post the email elsewhere): set `baseUrl` to the final address';
  }
  if (name === 'invalid_idempotent_request') {
    return '. The alert id was reused for a different email within 24 hours: give the alert a new id';
  }
  return '';
}

/** One line, secrets and tokens masked, capped. */
function clean(message: unknown, secrets: Secrets): string {
  const text = typeof message === 'string' && message.trim() !== '' ? message : 'no message';
  const line = redactSecrets(text, secrets)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}
