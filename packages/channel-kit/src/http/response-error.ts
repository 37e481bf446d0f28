import { STATUS_CODES } from 'node:http';
import { DeliveryError, maskUrl, redact } from '@tocsin/core';
import { httpStatusError, isRetryableStatus } from '../http-status-error.js';
import { parseRetryAfter } from '../parse-retry-after.js';

/** Where the failed request went, already safe to show, and what to hide from the answer. */
export interface RequestTarget {
  channel: string;
  method: string;
  /** The URL as `maskUrl` shows it. */
  maskedUrl: string;
  /** The option that holds the address (`url`), for hints: `check \`url\``. @default 'the address' */
  addressOption?: string | undefined;
  /** Exact strings to hide from anything the receiver sent back (tokens, header values). */
  secrets: readonly string[];
  /**
   * What to do about a refused request, for a person (`not retried: check \`url\``), by
   * status: '' for nothing, undefined for the default (credentials, the address, the size).
   */
  hint?: ((status: number, retryable: boolean) => string | undefined) | undefined;
  /**
   * The remote's own reason in its answer (Discord's `message`, Telegram's `description`),
   * kept in `DeliveryError.reason` and shown instead of the start of the body.
   */
  reasonOf?: ((body: string) => string | undefined) | undefined;
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
  const said = reasonIn(target, body);
  const reason = said === undefined ? undefined : summarise(said, target.secrets) || undefined;
  const snippet = reason ?? summarise(body, target.secrets);
  if (snippet !== '') message += `: ${snippet}`;
  const hint = target.hint?.(status, retryable) ?? defaultHint(target, status, retryable);
  if (hint !== '') message += `; ${hint}`;
  return httpStatusError({
    channel: target.channel,
    status,
    message,
    retryAfter: headers['retry-after'],
    reason,
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
    `${answered(target, status)}, a redirect${to}; redirects are not followed: set ${address(target)} to the final address`,
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

function defaultHint(target: RequestTarget, status: number, retryable: boolean): string {
  if (retryable) return '';
  if (status === 401 || status === 403) return 'not retried: check the credentials';
  if (status === 404 || status === 410) return `not retried: check ${address(target)}`;
  if (status === 413) return 'not retried: the receiver refuses a body this large';
  return 'not retried: the receiver refused the request';
}

function address(target: RequestTarget): string {
  return target.addressOption === undefined ? 'the address' : `\`${target.addressOption}\``;
}

/** The remote's reason, when the channel can read one: a reader that throws finds none. */
function reasonIn(target: RequestTarget, body: string): string | undefined {
  try {
    return target.reasonOf?.(body);
  } catch {
    return undefined;
  }
}

/**
 * A `reasonOf` for remotes that answer JSON: the first of `fields` that is a non-empty
 * string (`jsonReason('description')` for Telegram's `{ ok: false, description }`);
 * a path with dots reaches inside (`error.message`).
 */
export function jsonReason(...fields: string[]): (body: string) => string | undefined {
  return (body) => {
    const value: unknown = JSON.parse(body);
    for (const field of fields) {
      let at: unknown = value;
      for (const key of field.split('.'))
        at =
          typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
      if (typeof at === 'string' && at !== '') return at;
    }
    return undefined;
  };
}
