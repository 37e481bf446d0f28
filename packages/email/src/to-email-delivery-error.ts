import { abortError } from '@tocsin/channel-kit';
import { DeliveryError, redact } from '@tocsin/core';

/** Where a send went, and what must never show in the error. */
export interface EmailErrorContext {
  channel: string;
  /** `host:port`, or `'the custom transport'`. */
  where: string;
  /** Password and its base64 forms (AUTH PLAIN / LOGIN): hidden from every message. */
  secrets: readonly string[];
  /** Core's attempt signal. */
  signal: AbortSignal;
  /** Aborted by the channel's own `timeout`, when set. */
  timeoutSignal: AbortSignal | undefined;
  timeoutSeconds: number | undefined;
}

/** Failures of the network or of the connection: the next attempt may well succeed. */
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNECTION',
  'ECONNRESET',
  'EPIPE',
  'EDNS',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETLS',
  'EMAXLIMIT',
]);

/** A certificate the client does not trust will not be trusted on the next attempt either. */
const CERTIFICATE_ERROR =
  /self[- ]signed certificate|unable to (get|verify) (local )?issuer|certificate (has expired|is not yet valid)|unable to verify the first certificate|Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID|CERT_/i;

interface NodemailerError {
  message?: unknown;
  code?: unknown;
  response?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

/**
 * Map what nodemailer threw to a DeliveryError with the shared codes. What is SMTP's own is
 * the reply: its code goes in `statusCode` and its text in `reason`. Not retryable: failed
 * login (`TOCSIN_AUTH`), an untrusted certificate (`TOCSIN_NETWORK`), permanent 5xx replies
 * (`TOCSIN_REJECTED`), bad input (`TOCSIN_CHANNEL`). Retryable: 4xx replies
 * (`TOCSIN_REMOTE`), refused, reset or dropped connections (`TOCSIN_NETWORK`), timeouts.
 * The message and the `cause` (a sanitised copy, never nodemailer's own error) carry no
 * password, not even base64-encoded.
 */
export function toEmailDeliveryError(error: unknown, context: EmailErrorContext): DeliveryError {
  const { channel, where } = context;
  const e = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as NodemailerError;
  const clean = (text: unknown) =>
    redact(String(text ?? ''), context.secrets)
      .replace(/\s+/g, ' ')
      .trim();
  const cause = sanitise(e, clean);

  if (context.timeoutSignal?.aborted === true && !context.signal.aborted) {
    return new DeliveryError(
      `${channel}: no answer from SMTP server ${where} within ${context.timeoutSeconds} s`,
      {
        channel,
        retryable: true,
        code: 'TOCSIN_TIMEOUT',
        cause,
      },
    );
  }
  if (context.signal.aborted) {
    return abortError({
      channel,
      where: `sending to SMTP server ${where}`,
      secrets: context.secrets,
      signal: context.signal,
    });
  }

  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const message = clean(e.message);
  const reply = typeof e.response === 'string' && e.response !== '' ? clean(e.response) : undefined;

  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return new DeliveryError(
      `${channel}: SMTP login to ${where} failed (${reply ?? message}); check \`transport.auth\` (not retried)`,
      { channel, retryable: false, statusCode: status, code: 'TOCSIN_AUTH', reason: reply, cause },
    );
  }
  if (CERTIFICATE_ERROR.test(message)) {
    return new DeliveryError(
      `${channel}: TLS to ${where} failed: ${message}; trust the server's CA with \`transport.tls.ca\` (not retried)`,
      { channel, retryable: false, code: 'TOCSIN_NETWORK', cause },
    );
  }
  if (status !== undefined && status >= 400 && status < 600) {
    const retryable = status < 500;
    const what = code === 'EENVELOPE' ? 'rejected every recipient' : 'rejected the message';
    const at = typeof e.command === 'string' && e.command !== '' ? ` at ${clean(e.command)}` : '';
    return new DeliveryError(
      `${channel}: SMTP server ${where} ${what}${at}: ${reply ?? message} (${retryable ? 'temporary, will be retried' : 'permanent, not retried'})`,
      {
        channel,
        retryable,
        statusCode: status,
        code: retryable ? 'TOCSIN_REMOTE' : 'TOCSIN_REJECTED',
        reason: reply ?? message,
        cause,
      },
    );
  }
  if (code !== undefined && RETRYABLE_CODES.has(code)) {
    return new DeliveryError(
      `${channel}: could not deliver to SMTP server ${where}: ${message} (${code})`,
      {
        channel,
        retryable: true,
        statusCode: status,
        code: 'TOCSIN_NETWORK',
        cause,
      },
    );
  }
  return new DeliveryError(
    `${channel}: sending through ${where} failed: ${message}${code ? ` (${code})` : ''}`,
    {
      channel,
      retryable: false,
      statusCode: status,
      code: 'TOCSIN_CHANNEL',
      cause,
    },
  );
}

/** A plain copy of the library's error with every text field redacted; no stack of theirs, no nested cause. */
function sanitise(error: NodemailerError, clean: (text: unknown) => string): Error {
  const copy = new Error(clean(error.message)) as Error & Record<string, unknown>;
  copy.name = 'SmtpError';
  if (typeof error.code === 'string') copy.code = error.code;
  if (typeof error.responseCode === 'number') copy.responseCode = error.responseCode;
  if (typeof error.response === 'string') copy.response = clean(error.response);
  if (typeof error.command === 'string') copy.command = clean(error.command);
  return copy;
}
