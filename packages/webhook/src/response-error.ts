import { STATUS_CODES } from 'node:http';
import { httpStatusError, isRetryableStatus, parseRetryAfter } from '@tocsin/channel-kit';
import { DeliveryError, maskUrl, redact } from '@tocsin/core';

/** Where the failed request went, already safe to show, and what to hide from the answer. */
export interface RequestTarget {
  channel: string;
  method: string;
  /** The URL as `maskUrl` shows it. */
  maskedUrl: string;
  /** Exact strings to hide from anything the receiver sent back (tokens, header values). */
  secrets: readonly string[];
}

type Headers = Record<string, string | string[] | undefined>;

const SNIPPET_CHARS = 200;

/**
 * A DeliveryError for an answer outside 2xx and 3xx, by channel-kit's one retry policy:
 * 408, 425, 429 and 5xx are retryable (with `retryAfter` from Retry-After, either form);
 * every other status is not. The
 * start of the receiver's body, with secrets hidden, goes into the message.
 */
export function responseError(
  target: RequestTarget,
  status: number,
  headers: Headers,
  body: string,
  nowMs?: number,
): DeliveryError {
  const retryable = isRetryableStatus(status);
  const retryAfter = retryable ? parseRetryAfter(headers['retry-after'], nowMs) : undefined;
  let message = `${answered(target, status)}`;
  if (retryAfter !== undefined) message += ` (retry after ${retryAfter} s)`;
  const snippet = summarise(body, target.secrets);
  if (snippet !== '') message += `: ${snippet}`;
  const hint = hintFor(status, retryable);
  if (hint !== '') message += `; ${hint}`;
  return httpStatusError({
    channel: target.channel,
    status,
    message,
    retryAfter: headers['retry-after'],
    now: nowMs,
  });
}

/** A DeliveryError for a 3xx answer: redirects are not followed, so it is not retryable. */
export function redirectError(
  target: RequestTarget,
  status: number,
  headers: Headers,
): DeliveryError {
  const location = typeof headers.location === 'string' ? headers.location : undefined;
  const to = location === undefined ? '' : ` to ${maskUrl(redact(location, target.secrets))}`;
  return new DeliveryError(
    `${answered(target, status)}, a redirect${to}; redirects are not followed: set \`url\` to the final address`,
    {
      channel: target.channel,
      retryable: false,
      statusCode: status,
      code: 'TOCSIN_REJECTED',
    },
  );
}

function answered(target: RequestTarget, status: number): string {
  const reason = STATUS_CODES[status];
  return `${target.channel}: ${target.method} ${target.maskedUrl} answered ${status}${reason ? ` ${reason}` : ''}`;
}

function summarise(body: string, secrets: readonly string[]): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return '';
  const cut = flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
  return redact(cut, secrets);
}

function hintFor(status: number, retryable: boolean): string {
  if (retryable) return '';
  if (status === 401 || status === 403)
    return 'not retried: check the credentials in `headers` or the signing `secret`';
  if (status === 404 || status === 410) return 'not retried: check `url`';
  if (status === 413) return 'not retried: the receiver refuses a body this large';
  return 'not retried: the receiver refused the request';
}
