import {
  abortError,
  httpStatusError,
  isRetryableStatus,
  parseRetryAfter,
  redactSecrets,
  requestError,
  type Secrets,
  sanitizeError,
} from '@tocsin/channel-kit';
import { DeliveryError } from '@tocsin/core';

/** What the channel knew about the failed request, to explain it. */
export interface SlackFailureContext {
  /** The channel's name, for `DeliveryError.channel` and the message prefix. */
  channel: string;
  /** `host[:port]` of the webhook: safe to show, and says where. */
  host: string;
  /** Strings that must not appear in the message or the cause (the URL and its path). */
  secrets: Secrets;
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
 * failure) to a DeliveryError with channel-kit's shared retry policy and codes: 408, 425,
 * 429 and 5xx, timeouts and network errors are retryable; an abort that is not a timeout
 * is not; other 4xx, redirects and anything unexpected are not. What is Slack's own is the
 * reason it gives (`invalid_payload`, `no_service`, ...), kept in `reason` and in the
 * message with a hint; never the webhook URL.
 */
export function toSlackDeliveryError(error: unknown, context: SlackFailureContext): DeliveryError {
  if (DeliveryError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === SDK_HTTP_ERROR && typeof (error as HttpFailure).statusCode === 'number') {
    return httpError(error as HttpFailure, context);
  }
  const request = {
    channel: context.channel,
    where: context.host,
    secrets: context.secrets,
    signal: context.signal,
    timeout: context.timeout,
  };
  if (context.signal.aborted) {
    // Core aborts an attempt with its own timeout DeliveryError: hand that one back as it is.
    const reason: unknown = context.signal.reason;
    if (DeliveryError.isInstance(reason)) return reason;
    return abortError({ ...request, where: `the request to ${context.host}` });
  }
  if (code === SDK_REQUEST_ERROR) {
    return requestError((error as { original?: unknown }).original, request);
  }
  if (context.timeout?.signal.aborted === true) return requestError(error, request);
  return new DeliveryError(
    `${context.channel}: could not send the alert: ${redactSecrets(messageOf(error), context.secrets)}`,
    {
      channel: context.channel,
      retryable: false,
      code: 'TOCSIN_CHANNEL',
      cause: sanitizeError(error, context.secrets),
    },
  );
}

/** A workflow trigger answered 2xx but `{ ok: false, error }`. */
export function workflowRejected(reason: string, context: SlackFailureContext): DeliveryError {
  const said = cleanReason(reason, context.secrets);
  return new DeliveryError(
    `${context.channel}: the Slack workflow trigger refused the alert (${said}); not retryable`,
    { channel: context.channel, retryable: false, code: 'TOCSIN_REJECTED', reason: said },
  );
}

/** What to do about each of Slack's answers; the code and retry come from channel-kit. */
function hintFor(status: number): string {
  if (status === 429) return 'Slack is rate limiting this webhook';
  if (status >= 500) return 'Slack failed to handle the alert';
  if (status === 408) return 'Slack timed out reading the request';
  if (status === 400) return "Slack rejected the message as invalid; check the channel's options";
  if (status === 401 || status === 403) {
    return "Slack refused to post: the webhook's app or workspace does not allow it";
  }
  if (status === 404) {
    return 'Slack does not know this webhook: it was removed or revoked; create a new one and update `webhookUrl`';
  }
  if (status === 410) {
    return "the webhook's channel is gone: unarchive it or use another webhook";
  }
  return 'Slack rejected the alert';
}

function httpError(failure: HttpFailure, context: SlackFailureContext): DeliveryError {
  const status = failure.statusCode;
  const reason = cleanReason(failure.body || failure.statusMessage || '', context.secrets);
  const what = `HTTP ${status}${reason === '' ? '' : ` ${reason}`}`;
  const seconds = isRetryableStatus(status) ? parseRetryAfter(context.retryAfter) : undefined;
  const when = !isRetryableStatus(status)
    ? 'not retryable'
    : seconds === undefined
      ? 'retryable'
      : `retry after ${seconds} s`;
  return httpStatusError({
    channel: context.channel,
    status,
    message: `${context.channel}: ${hintFor(status)} (${what}); ${when}`,
    retryAfter: context.retryAfter,
    reason: reason === '' ? undefined : reason,
  });
}

/** Slack's reason as sent (`invalid_payload`), or the `error` of a JSON answer; one short, clean line. */
function cleanReason(body: string, secrets: Secrets): string {
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
  return redactSecrets(text, secrets);
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
