import { inspect } from 'node:util';
import { renderEmail, tocsinMailHeaders } from '@tocsin/channel-kit';
import {
  type Alert,
  applyLimit,
  type Channel,
  type ChannelReceipt,
  DeliveryError,
  type SendContext,
} from '@tocsin/core';
import nodemailer, { type SendMailOptions, type Transport, type Transporter } from 'nodemailer';
import { alertMessageId } from './alert-message-id.js';
import type { EmailAddress } from './email-address.js';
import {
  type EmailChannelOptions,
  type EmailTransportInstance,
  parseEmailChannelOptions,
  type ResolvedSmtpTransportOptions,
} from './email-channel-options.js';
import { toEmailDeliveryError } from './to-email-delivery-error.js';

/**
 * Delivers alerts by email over nodemailer: SMTP (pooled by default) or any nodemailer
 * transport. Each alert becomes one message rendered by channel-kit's `renderEmail` (subject
 * `[ALERT] [LEVEL] title`, kstlib's text layout, an inline-styled HTML part), with
 * `X-Tocsin-Alert-Id` and `X-Tocsin-Level` headers and a Message-ID that stays the same
 * across retries.
 *
 * The SMTP pool is made on the first send and closed by `close()`. The attempt's abort
 * signal is handed to nodemailer, which closes the connection carrying that message, so
 * an aborted attempt really stops. The password never appears in errors,
 * `String(channel)`, `JSON.stringify(channel)` or `util.inspect(channel)`.
 */
export class EmailChannel implements Channel {
  readonly name: string;
  /** Seconds one send may take (the `timeout` option), if set. */
  readonly timeout: number | undefined;

  readonly #smtp: ResolvedSmtpTransportOptions | undefined;
  readonly #custom: EmailTransportInstance | undefined;
  readonly #where: string;
  readonly #secrets: readonly string[];
  readonly #from: EmailAddress;
  readonly #to: readonly EmailAddress[];
  readonly #cc: readonly EmailAddress[];
  readonly #bcc: readonly EmailAddress[];
  readonly #replyTo: EmailAddress | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #render: { subjectPrefix: string | undefined; maxBodyBytes: number; html: boolean };
  #transporter: Transporter | undefined;
  #closed = false;

  constructor(options: EmailChannelOptions) {
    const resolved = parseEmailChannelOptions(options);
    this.name = resolved.name;
    this.timeout =
      resolved.timeout === undefined
        ? undefined
        : applyLimit('timeout', resolved.timeout, { source: 'EmailChannel options' });
    const transport = resolved.transport;
    if (isSmtpOptions(transport)) {
      this.#smtp = transport;
      this.#custom = undefined;
      this.#where = `${transport.host}:${transport.port ?? (transport.secure ? 465 : 587)}`;
      this.#secrets = passwordForms(transport.auth);
    } else {
      this.#smtp = undefined;
      this.#custom = transport;
      this.#where = 'the custom transport';
      this.#secrets = [];
    }
    this.#from = resolved.from;
    this.#to = resolved.to;
    this.#cc = resolved.cc;
    this.#bcc = resolved.bcc;
    this.#replyTo = resolved.replyTo;
    this.#headers = Object.freeze({ ...resolved.headers });
    this.#render = {
      subjectPrefix: resolved.subjectPrefix,
      maxBodyBytes: resolved.maxBodyBytes,
      html: resolved.html,
    };
  }

  async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    if (this.#closed) {
      throw new DeliveryError(`${this.name}: the channel is closed; create a new EmailChannel`, {
        channel: this.name,
        retryable: false,
        code: 'TOCSIN_CLOSED',
      });
    }
    const { subject, text, html } = renderEmail(alert, this.#render);
    const timeoutSignal =
      this.timeout === undefined ? undefined : AbortSignal.timeout(this.timeout * 1000);
    const signal =
      timeoutSignal === undefined
        ? context.signal
        : AbortSignal.any([context.signal, timeoutSignal]);
    const mail: SendMailOptions = {
      from: this.#from,
      to: this.#to as EmailAddress[],
      subject,
      text,
      messageId: alertMessageId(alert.id, this.name, this.#from.address),
      headers: {
        ...this.#headers,
        ...tocsinMailHeaders(alert),
        // RFC 3834: no auto-replies (out-of-office) to alerts.
        'Auto-Submitted': 'auto-generated',
      },
      signal,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    if (html !== undefined) mail.html = html;
    if (this.#cc.length > 0) mail.cc = this.#cc as EmailAddress[];
    if (this.#bcc.length > 0) mail.bcc = this.#bcc as EmailAddress[];
    if (this.#replyTo !== undefined) mail.replyTo = this.#replyTo;
    if (alert.levelName === 'CRITICAL') mail.priority = 'high';

    let info: { messageId?: unknown; rejected?: unknown };
    try {
      info = (await this.#transport().sendMail(mail)) as typeof info;
    } catch (error) {
      throw toEmailDeliveryError(error, {
        channel: this.name,
        where: this.#where,
        secrets: this.#secrets,
        signal: context.signal,
        timeoutSignal,
        timeoutSeconds: this.timeout,
      });
    }
    const receipt: ChannelReceipt = {
      messageId: typeof info.messageId === 'string' ? info.messageId : mail.messageId,
    };
    // nodemailer resolves when at least one recipient was accepted; say who was not.
    const rejected = Array.isArray(info.rejected) ? info.rejected.map(addressText) : [];
    if (rejected.length > 0) receipt.rejected = rejected;
    return receipt;
  }

  /** Close the SMTP pool: idle connections at once, busy ones after their message. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const transporter = this.#transporter;
    this.#transporter = undefined;
    // A transport passed in belongs to the caller, who closes it.
    if (transporter !== undefined && this.#custom === undefined) transporter.close();
  }

  /** What is safe to show: server, user name, addresses; never the password. */
  toJSON(): Record<string, unknown> {
    const smtp = this.#smtp;
    return {
      type: 'email',
      name: this.name,
      transport:
        smtp === undefined
          ? 'custom'
          : {
              host: smtp.host,
              port: smtp.port ?? (smtp.secure ? 465 : 587),
              secure: smtp.secure,
              requireTLS: smtp.requireTLS,
              pool: smtp.pool,
              user: smtp.auth?.user,
              password: smtp.auth === undefined ? undefined : '***',
            },
      from: this.#from.address,
      to: this.#to.map((a) => a.address),
      cc: this.#cc.map((a) => a.address),
      bcc: this.#bcc.length,
      html: this.#render.html,
      timeout: this.timeout,
    };
  }

  toString(): string {
    return `EmailChannel(${this.name}: ${this.#smtp === undefined ? 'custom transport' : `smtp://${this.#where}`} -> ${this.#to.map((a) => a.address).join(', ')})`;
  }

  [inspect.custom](depth: number, options: Parameters<typeof inspect>[1]): string {
    return `EmailChannel ${inspect(this.toJSON(), { ...options, depth })}`;
  }

  /** The one transporter (SMTP pool), made on first use. */
  #transport(): Transporter {
    if (this.#transporter !== undefined) return this.#transporter;
    const custom = this.#custom;
    if (custom !== undefined) {
      this.#transporter =
        'sendMail' in custom && typeof custom.sendMail === 'function'
          ? (custom as Transporter)
          : nodemailer.createTransport(custom as Transport);
      return this.#transporter;
    }
    const smtp = this.#smtp as ResolvedSmtpTransportOptions;
    this.#transporter = nodemailer.createTransport({
      host: smtp.host,
      ...(smtp.port === undefined ? {} : { port: smtp.port }),
      secure: smtp.secure,
      requireTLS: smtp.requireTLS,
      ignoreTLS: smtp.ignoreTLS,
      ...(smtp.auth === undefined ? {} : { auth: { user: smtp.auth.user, pass: smtp.auth.pass } }),
      ...(smtp.tls === undefined ? {} : { tls: { ...smtp.tls } }),
      ...(smtp.name === undefined ? {} : { name: smtp.name }),
      pool: smtp.pool,
      // The pool would otherwise resend a message whose connection closed, up to 5 times:
      // a channel never retries on its own, core does.
      maxRequeues: 0,
      maxConnections: smtp.maxConnections,
      maxMessages: smtp.maxMessages ?? Number.POSITIVE_INFINITY,
      connectionTimeout: smtp.connectionTimeout * 1000,
      greetingTimeout: smtp.greetingTimeout * 1000,
      socketTimeout: smtp.socketTimeout * 1000,
      // Never log: nodemailer's debug log would show the AUTH exchange.
      logger: false,
      debug: false,
    } as Parameters<typeof nodemailer.createTransport>[0]) as Transporter;
    return this.#transporter;
  }
}

function isSmtpOptions(transport: unknown): transport is ResolvedSmtpTransportOptions {
  return (
    typeof transport === 'object' &&
    transport !== null &&
    typeof (transport as { sendMail?: unknown }).sendMail !== 'function' &&
    typeof (transport as { send?: unknown }).send !== 'function'
  );
}

/** The password as it may travel: plain, and base64 in AUTH LOGIN and AUTH PLAIN. */
function passwordForms(auth: { user: string; pass: string } | undefined): string[] {
  if (auth === undefined || auth.pass === '') return [];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [
    auth.pass,
    b64(auth.pass),
    b64(`\u0000${auth.user}\u0000${auth.pass}`),
    b64(`${auth.user}\u0000${auth.user}\u0000${auth.pass}`),
  ];
}

function addressText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { address?: unknown }).address === 'string'
  ) {
    return (value as { address: string }).address;
  }
  return String(value);
}
