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
  /**
   * Seconds to wait when a retryable answer has no readable Retry-After header: from its
   * body (Discord's `retry_after`), or a default for the status. A reader that throws
   * finds none.
   */
  retryAfterIn?: ((body: string, status: number) => number | undefined) | undefined;
}

type Headers = Record<string, string | string[] | undefined>;

const SNIPPET_CHARS = 200;

/**
 * A DeliveryError for an answer outside 2xx and 3xx, by channel-kit's one retry policy:
 * 408, 425, 429 and 5xx are retryable (with `retryAfter` from Retry-After, either form,
 * else from the target's `retryAfterIn`); every other status is not. The start of the
 * receiver's body, with secrets hidden, goes into the message.
 */
export function responseError(
  target: RequestTarget,
  status: number,
  headers: Headers,
  body: string,
  nowMs?: number,
): DeliveryError {
  const retryable = isRetryableStatus(status);
  const retryAfter = retryable
    ? (parseRetryAfter(headers['retry-after'], nowMs) ?? retryAfterIn(target, body, status))
    : undefined;
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
    retryAfter: retryAfter === undefined ? undefined : String(retryAfter),
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

/** The seconds the channel reads from the body, when whole and not negative; else none. */
function retryAfterIn(target: RequestTarget, body: string, status: number): number | undefined {
  let seconds: number | undefined;
  try {
    seconds = target.retryAfterIn?.(body, status);
  } catch {
    return undefined;
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  const whole = Math.ceil(seconds);
  return Number.isSafeInteger(whole) ? whole : undefined;
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
      const at = jsonAt(value, field);
      if (typeof at === 'string' && at !== '') return at;
    }
    return undefined;
  };
}

/**
 * A `retryAfterIn` for remotes that say how long to wait in their JSON error body:
 * the number at `field` (`jsonRetryAfter('parameters.retry_after')` for Telegram), in
 * seconds, rounded up.
 */
export function jsonRetryAfter(field: string): (body: string) => number | undefined {
  return (body) => {
    const at = jsonAt(JSON.parse(body), field);
    return typeof at === 'number' ? at : undefined;
  };
}

/** The value at a dotted path (`error.message`) inside parsed JSON, if any. */
function jsonAt(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split('.'))
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}
