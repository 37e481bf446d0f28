import type { Socket } from 'node:net';
import { createSelfSignedCert } from './self-signed-cert.js';

/**
 * A fault the sink injects into the next matching SMTP transaction(s): an error reply,
 * a dropped connection, a delay, or a delay then one of those.
 */
export interface SmtpFault {
  /** The step it hits: the greeting (`connect`), `MAIL FROM`, `RCPT TO` or the end of `DATA`. */
  at: 'connect' | 'mail' | 'rcpt' | 'data';
  /** For `at: 'rcpt'`: only this recipient (case-insensitive); any recipient when absent. */
  address?: string;
  /** Answer with this SMTP reply code (`451`, `550`, `554`, ...) instead of accepting. */
  code?: number;
  /** Text of the error reply. */
  message?: string;
  /** Close the connection without answering. */
  drop?: boolean;
  /** Wait this long (milliseconds) before answering (normally, with `code`) or dropping. */
  delayMs?: number;
  /** How many times it fires; `Infinity` for every time. @default 1 */
  times?: number;
}

export interface SmtpSinkAddress {
  address: string;
  name: string;
}

/** One message the sink accepted, raw and parsed with mailparser. */
export interface SmtpSinkMessage {
  /** The SMTP envelope: `MAIL FROM` and the accepted `RCPT TO` addresses (Bcc included). */
  envelope: { from: string; to: string[] };
  /** The authenticated user name, when the client logged in. */
  user: string | undefined;
  /** Whether the session was encrypted (STARTTLS) when the message came in. */
  secure: boolean;
  /** The message source exactly as received. */
  raw: string;
  subject: string | undefined;
  messageId: string | undefined;
  from: SmtpSinkAddress[];
  to: SmtpSinkAddress[];
  cc: SmtpSinkAddress[];
  replyTo: SmtpSinkAddress[];
  text: string | undefined;
  /** The HTML part, or `undefined` when there is none. */
  html: string | undefined;
  /** Header names in order, lower-case, as many times as they occur. */
  headerNames: string[];
  /** Unfolded raw value of each header by lower-case name (the first, when repeated). */
  headers: Record<string, string>;
}

export interface SmtpSinkOptions {
  /** Offer STARTTLS with a self-signed certificate made at start (see `ca`). @default false */
  tls?: boolean;
  /** Speak TLS from the first byte (as on port 465) instead of STARTTLS; implies `tls`. @default false */
  secure?: boolean;
  /** Require AUTH (PLAIN or LOGIN) with these credentials; after STARTTLS when `tls` is on. */
  auth?: { user: string; pass: string };
  /**
   * What to keep of each message: parsed with mailparser, the raw source only, or nothing
   * (count only, for benchmarks). @default 'parsed'
   */
  capture?: 'parsed' | 'raw' | 'none';
  /** Largest message accepted, in bytes; bigger ones get 552. @default 10 MiB */
  maxMessageBytes?: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** PEM of the self-signed certificate (trust it with `tls: { ca }`); `undefined` without `tls`. */
  readonly ca: string | undefined;
  /** Nodemailer SMTP options that reach this sink (host, port, STARTTLS, auth, CA). */
  readonly transportOptions: SmtpSinkTransportOptions;
  /** Messages accepted so far, in order (empty with `capture: 'none'`). */
  readonly messages: SmtpSinkMessage[];
  /** Messages accepted so far (also counted with `capture: 'none'`). */
  readonly accepted: number;
  /** Mail transactions begun (`MAIL FROM` received), accepted or not. */
  readonly transactions: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Queue faults for the next transactions; each fires `times` times, in order per step. */
  fail(...faults: SmtpFault[]): this;
  /** Forget queued faults and captured messages, and zero the counters. */
  reset(): this;
  /** Resolve once `count` messages have been accepted. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SmtpSinkMessage[]>;
  /** Stop listening, end every open connection and cancel pending delays. */
  close(): Promise<void>;
}

export interface SmtpSinkTransportOptions {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS: boolean;
  auth?: { user: string; pass: string };
  tls?: { ca: string };
}

type SmtpServerModule = typeof import('smtp-server');
type Session = import('smtp-server').SMTPServerSession;
type Callback = (error?: Error | null) => void;

/**
 * A real SMTP server (smtp-server) on 127.0.0.1, port 0, that captures every message and
 * injects faults on demand. `smtp-server`, `mailparser` (and `selfsigned` for `tls`) are
 * loaded on first use, so importing the kit stays cheap.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { SMTPServer } = (await import('smtp-server')) as SmtpServerModule;
  const parse = (options.capture ?? 'parsed') === 'parsed' ? await loadParser() : undefined;
  const keep = (options.capture ?? 'parsed') !== 'none';
  const secure = options.secure === true;
  const tls = options.tls === true || secure ? await createSelfSignedCert() : undefined;
  const auth = options.auth;

  const messages: SmtpSinkMessage[] = [];
  let faults: Array<SmtpFault & { times: number }> = [];
  const sockets = new Map<number, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let accepted = 0;
  let transactions = 0;
  let connections = 0;
  let closed = false;

  /** Take the next fault for `at` (and `address`), counting it down. */
  const takeFault = (at: SmtpFault['at'], address?: string): SmtpFault | undefined => {
    const fault = faults.find(
      (f) =>
        f.at === at &&
        (f.address === undefined || f.address.toLowerCase() === address?.toLowerCase()),
    );
    if (fault === undefined) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  };

  /** Apply `fault` (or accept when none) to the step answered through `callback`. */
  const answer = (
    session: Session,
    fault: SmtpFault | undefined,
    callback: Callback,
    ok: () => void,
  ): void => {
    if (fault === undefined) {
      ok();
      return;
    }
    const act = () => {
      // The client left while we waited (it gave up): like a real server, do not accept a
      // transaction whose reply can no longer be delivered.
      const socket = sockets.get(session.remotePort);
      if (closed || socket === undefined || socket.destroyed) return;
      if (fault.drop === true) {
        socket.destroy();
        return;
      }
      if (fault.code === undefined) return ok();
      const error = new Error(fault.message ?? defaultMessage(fault.code)) as Error & {
        responseCode: number;
      };
      error.responseCode = fault.code;
      callback(error);
    };
    if (fault.delayMs === undefined || fault.delayMs <= 0) {
      act();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      act();
    }, fault.delayMs);
    timers.add(timer);
  };

  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    name: 'tocsin-smtp-sink',
    banner: 'Tocsin SMTP sink',
    size: options.maxMessageBytes ?? 10 * 1024 * 1024,
    closeTimeout: 500,
    ...(tls === undefined ? {} : { key: tls.key, cert: tls.cert }),
    secure,
    disabledCommands: [
      ...(tls === undefined || secure ? ['STARTTLS'] : []),
      ...(auth === undefined ? ['AUTH'] : []),
    ],
    authOptional: auth === undefined,
    authMethods: ['PLAIN', 'LOGIN'],
    // Without TLS there is nothing to wait for: allow AUTH in the clear on this loopback sink.
    allowInsecureAuth: tls === undefined,
    onConnect(session, callback) {
      connections++;
      answer(session, takeFault('connect'), callback, () => callback());
    },
    onAuth(credentials, _session, callback) {
      if (
        auth !== undefined &&
        credentials.username === auth.user &&
        credentials.password === auth.pass
      ) {
        return callback(null, { user: credentials.username });
      }
      const error = new Error('Authentication credentials invalid') as Error & {
        responseCode: number;
      };
      error.responseCode = 535;
      callback(error);
    },
    onMailFrom(_address, session, callback) {
      transactions++;
      answer(session, takeFault('mail'), callback, () => callback());
    },
    onRcptTo(address, session, callback) {
      answer(session, takeFault('rcpt', address.address), callback, () => callback());
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (keep) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const error = new Error('Message exceeds the fixed size limit') as Error & {
            responseCode: number;
          };
          error.responseCode = 552;
          return callback(error);
        }
        answer(session, takeFault('data'), callback, () => {
          const envelope = {
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
          };
          const queueId = `sink-${accepted + 1}`;
          void capture(Buffer.concat(chunks).toString('utf8'), envelope, session).then(
            (message) => {
              accepted++;
              if (message !== undefined) messages.push(message);
              for (const wake of waiters) wake();
              callback(null, `OK: queued as ${queueId}`);
            },
            callback,
          );
        });
      });
    },
  });

  const capture = async (
    raw: string,
    envelope: SmtpSinkMessage['envelope'],
    session: Session,
  ): Promise<SmtpSinkMessage | undefined> => {
    if (!keep) return undefined;
    const base = {
      envelope,
      user: typeof session.user === 'string' ? session.user : undefined,
      secure: session.secure,
      raw,
    };
    if (parse === undefined) {
      return {
        ...base,
        subject: undefined,
        messageId: undefined,
        from: [],
        to: [],
        cc: [],
        replyTo: [],
        text: undefined,
        html: undefined,
        headerNames: [],
        headers: {},
      };
    }
    const parsed = await parse(raw, { skipImageLinks: true, skipTextLinks: true });
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines) {
      if (!(key in headers))
        headers[key] = line
          .slice(line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim();
    }
    return {
      ...base,
      subject: parsed.subject,
      messageId: parsed.messageId,
      from: addresses(parsed.from),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      replyTo: addresses(parsed.replyTo),
      text: parsed.text,
      html: parsed.html === false ? undefined : parsed.html,
      headerNames: parsed.headerLines.map((h) => h.key),
      headers,
    };
  };

  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  server.on('error', () => {
    // Client-side resets (a channel aborting mid-transaction) are expected here.
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as { port: number }).port;

  const transportOptions: SmtpSinkTransportOptions = {
    host: '127.0.0.1',
    port,
    secure,
    requireTLS: tls !== undefined && !secure,
    ignoreTLS: tls === undefined,
    ...(auth === undefined ? {} : { auth: { user: auth.user, pass: auth.pass } }),
    ...(tls === undefined ? {} : { tls: { ca: tls.cert } }),
  };

  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    ca: tls?.cert,
    transportOptions,
    messages,
    get accepted() {
      return accepted;
    },
    get transactions() {
      return transactions;
    },
    get connections() {
      return connections;
    },
    fail(...added) {
      for (const fault of added) faults.push({ ...fault, times: fault.times ?? 1 });
      return sink;
    },
    reset() {
      faults = [];
      messages.length = 0;
      accepted = 0;
      transactions = 0;
      connections = 0;
      return sink;
    },
    waitForMessages(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (accepted < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`SMTP sink: ${accepted} of ${count} messages arrived within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sink;
}

type Parser = typeof import('mailparser').simpleParser;

/** mailparser is CommonJS: its named export may sit on `default` depending on the loader. */
async function loadParser(): Promise<Parser> {
  const module = (await import('mailparser')) as {
    simpleParser?: Parser;
    default?: { simpleParser: Parser };
  };
  const parser = module.simpleParser ?? module.default?.simpleParser;
  if (parser === undefined) throw new Error('mailparser does not export simpleParser');
  return parser;
}

function defaultMessage(code: number): string {
  if (code === 451) return 'Requested action aborted: local error in processing';
  if (code === 550) return 'Mailbox unavailable';
  if (code === 554) return 'Transaction failed';
  return code >= 500 ? 'Permanent failure' : 'Temporary failure, try again later';
}

type AddressField =
  | import('mailparser').AddressObject
  | import('mailparser').AddressObject[]
  | undefined;

function addresses(field: AddressField): SmtpSinkAddress[] {
  if (field === undefined) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((object) =>
    object.value.map((a) => ({ address: a.address ?? '', name: a.name })),
  );
}
