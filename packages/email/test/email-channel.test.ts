import { inspect } from 'node:util';
import {
  type Alert,
  AlertManager,
  createAlert,
  DeliveryError,
  type SendContext,
} from '@tocsin/core';
import { refusedUrl, resolvedAlert, type SmtpSink, startSmtpSink, until } from '@tocsin/test-kit';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmailChannel, type EmailChannelOptions } from '../src/index.js';

const USER = 'alerts@example.com';
const PASSWORD = 'correct-horse-battery-staple';
const quiet = { warn: () => {} };

let sink: SmtpSink | undefined;
let channel: EmailChannel | undefined;
afterEach(async () => {
  await channel?.close();
  await sink?.close();
  channel = undefined;
  sink = undefined;
});

async function setup(
  options: Partial<EmailChannelOptions> = {},
  sinkOptions: Parameters<typeof startSmtpSink>[0] = {},
): Promise<{ sink: SmtpSink; channel: EmailChannel }> {
  sink = await startSmtpSink(sinkOptions);
  channel = new EmailChannel({
    transport: sink.transportOptions,
    from: { name: 'Tocsin alerts', address: 'alerts@example.com' },
    to: 'oncall@example.com',
    ...options,
  });
  return { sink, channel };
}

const context = (signal = new AbortController().signal): SendContext => ({
  signal,
  attempt: 1,
  timeoutMs: 5000,
});
const critical = (extra: Record<string, unknown> = {}): Alert =>
  createAlert({
    title: 'Database connection lost',
    body: 'Primary unreachable for 30 s',
    level: 'critical',
    labels: { service: 'api', host: 'db-1' },
    ...extra,
  });
const failure = (promise: Promise<unknown>): Promise<DeliveryError> =>
  promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (error: unknown) => {
      expect(DeliveryError.isInstance(error)).toBe(true);
      return error as DeliveryError;
    },
  );
const manager = (ch: EmailChannel, maxRetries: number, timeout = 10) =>
  new AlertManager({ logger: quiet, retry: { baseDelay: 0.01, maxDelay: 0.05 } }).addChannel(ch, {
    maxRetries,
    timeout,
  });

describe('EmailChannel over STARTTLS with AUTH (self-signed certificate trusted via tls.ca)', () => {
  it('delivers subject, from, to, text, escaped HTML and the X-Tocsin headers', async () => {
    const { sink, channel } = await setup(
      {
        to: ['oncall@example.com', 'Backup Person <backup@example.com>'],
        cc: 'lead@example.com',
        bcc: ['audit@example.com'],
        replyTo: 'noc@example.com',
        headers: { 'X-Env': 'prod' },
      },
      { tls: true, auth: { user: USER, pass: PASSWORD } },
    );
    const alert = critical({
      title: 'Checkout <b>down</b> & "out"',
      body: '<script>alert(1)</script>',
    });
    const receipt = await channel.send(alert, context());

    expect(sink.messages).toHaveLength(1);
    const message = sink.messages[0];
    expect(message).toMatchObject({
      secure: true,
      user: USER,
      subject: '[ALERT] [CRITICAL] Checkout <b>down</b> & "out"',
      from: [{ name: 'Tocsin alerts', address: 'alerts@example.com' }],
      to: [
        { address: 'oncall@example.com', name: '' },
        { address: 'backup@example.com', name: 'Backup Person' },
      ],
      cc: [{ address: 'lead@example.com', name: '' }],
      replyTo: [{ address: 'noc@example.com', name: '' }],
    });
    expect(message?.envelope.to).toEqual([
      'oncall@example.com',
      'backup@example.com',
      'lead@example.com',
      'audit@example.com',
    ]);
    expect(message?.headerNames).not.toContain('bcc');
    expect(message?.text).toBe(
      [
        'Alert Level: CRITICAL',
        '',
        'Checkout <b>down</b> & "out"',
        '============================',
        '',
        '<script>alert(1)</script>',
        '',
        'service: api',
        'host: db-1',
        '---',
        'Sent by Tocsin',
        '',
      ].join('\n'),
    );
    expect(message?.html).toContain('Checkout &lt;b&gt;down&lt;/b&gt; &amp; &quot;out&quot;');
    expect(message?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message?.html).not.toContain('<script');
    expect(message?.headers['x-tocsin-alert-id']).toBe(alert.id);
    expect(message?.headers['x-tocsin-level']).toBe('CRITICAL');
    expect(message?.headers['x-env']).toBe('prod');
    expect(message?.headers['auto-submitted']).toBe('auto-generated');
    expect(message?.headers['x-priority']).toMatch(/^1/);
    expect(receipt.messageId).toBe(`<${alert.id}.email.tocsin@example.com>`);
    expect(message?.messageId).toBe(receipt.messageId);
    expect(receipt.rejected).toBeUndefined();
  });

  it('sends text only with html: false, and a SUCCESS alert gets [SUCCESS] instead of [ALERT]', async () => {
    const { sink, channel } = await setup(
      { html: false },
      { tls: true, auth: { user: USER, pass: PASSWORD } },
    );
    await channel.send(createAlert({ title: 'Backup finished', level: 'success' }), context());
    expect(sink.messages[0]?.subject).toBe('[SUCCESS] Backup finished');
    expect(sink.messages[0]?.html).toBeUndefined();
    expect(sink.messages[0]?.headers['x-priority']).toBeUndefined();
  });

  it('also speaks TLS from the first byte (secure: true, as on port 465)', async () => {
    const { sink, channel } = await setup(
      {},
      { secure: true, auth: { user: USER, pass: PASSWORD } },
    );
    expect(sink.transportOptions).toMatchObject({ secure: true, requireTLS: false });
    await channel.send(critical(), context());
    expect(sink.messages[0]).toMatchObject({
      secure: true,
      user: USER,
      subject: '[ALERT] [CRITICAL] Database connection lost',
    });
  });

  it('refuses an untrusted certificate without retrying', async () => {
    const { sink } = await setup({}, { tls: true, auth: { user: USER, pass: PASSWORD } });
    const { tls: _trusted, ...untrusted } = sink.transportOptions;
    channel = new EmailChannel({ transport: untrusted, from: USER, to: 'oncall@example.com' });
    const error = await failure(channel.send(critical(), context()));
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_NETWORK', channel: 'email' });
    expect(error.message).toContain('transport.tls.ca');
    expect(sink.transactions).toBe(0);
  });
});

describe('EmailChannel errors', () => {
  it('wrong password: not retried (1 attempt through AlertManager), and the password shows nowhere', async () => {
    const wrong = 'Wr0ng-Pa55word-123';
    const { sink } = await setup({}, { tls: true, auth: { user: USER, pass: PASSWORD } });
    channel = new EmailChannel({
      transport: { ...sink.transportOptions, auth: { user: USER, pass: wrong } },
      from: USER,
      to: 'oncall@example.com',
    });
    const alerts = manager(channel, 3);
    const [result] = await alerts.send(critical());
    expect(result).toMatchObject({ status: 'failed', success: false, attempts: 1 });
    expect(result?.error).toMatch(
      /SMTP login to 127\.0\.0\.1:\d+ failed \(535 .*\); check `transport.auth`/,
    );

    const error = await failure(channel.send(critical(), context()));
    expect(error).toMatchObject({ retryable: false, statusCode: 535, code: 'TOCSIN_AUTH' });
    expect(error.reason).toMatch(/^535 /);
    const seen = [
      JSON.stringify(result),
      JSON.stringify(alerts.stats),
      String(error),
      error.stack,
      inspect(error, { depth: 5, showHidden: true }),
      JSON.stringify(channel),
      String(channel),
      inspect(channel, { depth: 5 }),
    ].join('\n');
    for (const secret of [
      wrong,
      Buffer.from(wrong).toString('base64'),
      Buffer.from(`\u0000${USER}\u0000${wrong}`).toString('base64'),
    ]) {
      expect(seen).not.toContain(secret);
    }
    expect(JSON.stringify(channel)).toContain('"password":"***"');
    expect(sink.accepted).toBe(0);
  });

  it('554 on DATA: permanent, tried once', async () => {
    const { sink, channel } = await setup();
    sink.fail({ at: 'data', code: 554, message: 'Message rejected as spam' });
    const [result] = await manager(channel, 3).send(critical());
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toContain('554 Message rejected as spam (permanent, not retried)');
    expect(sink.transactions).toBe(1);
  });

  it('451 on DATA: retried, then delivered once, with the same Message-ID', async () => {
    const { sink, channel } = await setup();
    sink.fail({ at: 'data', code: 451 });
    const alert = critical();
    const [result] = await manager(channel, 2).send(alert);
    expect(result).toMatchObject({ status: 'sent', success: true, attempts: 2 });
    expect(sink.transactions).toBe(2);
    expect(sink.accepted).toBe(1);
    expect(result?.messageId).toBe(`<${alert.id}.email.tocsin@example.com>`);
    expect(sink.messages[0]?.messageId).toBe(result?.messageId);
  });

  it('one of two recipients rejected: sent, and the receipt names the rejected one', async () => {
    const { sink, channel } = await setup({ to: ['oncall@example.com', 'gone@example.com'] });
    sink.fail({ at: 'rcpt', address: 'gone@example.com', code: 550, message: 'No such user' });
    const receipt = await channel.send(critical(), context());
    expect(receipt.rejected).toEqual(['gone@example.com']);
    expect(sink.messages[0]?.envelope.to).toEqual(['oncall@example.com']);

    sink.fail({ at: 'rcpt', address: 'gone@example.com', code: 550 });
    const [result] = await manager(channel, 2).send(critical());
    expect(result).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('every recipient rejected: a failure (permanent for 550, retryable for 450)', async () => {
    const { sink, channel } = await setup({ to: ['a@example.com', 'b@example.com'] });
    sink.fail({ at: 'rcpt', code: 550, times: 2 });
    const permanent = await failure(channel.send(critical(), context()));
    expect(permanent).toMatchObject({
      retryable: false,
      statusCode: 550,
      code: 'TOCSIN_REJECTED',
    });
    expect(permanent.reason).toMatch(/^550 /);
    expect(permanent.message).toContain('rejected every recipient');

    sink.fail({ at: 'rcpt', code: 450, times: 2 });
    const temporary = await failure(channel.send(critical(), context()));
    expect(temporary).toMatchObject({ retryable: true, statusCode: 450, code: 'TOCSIN_REMOTE' });
    expect(sink.accepted).toBe(0);
  });

  it('the server closing the connection mid-session: retried, then failed', async () => {
    const { sink, channel } = await setup();
    sink.fail({ at: 'data', drop: true, times: Number.POSITIVE_INFINITY });
    const [result] = await manager(channel, 2).send(critical());
    expect(result).toMatchObject({ status: 'failed', attempts: 3 });
    expect(result?.error).toMatch(
      /could not deliver to SMTP server 127\.0\.0\.1:\d+: .*\((ECONNECTION|ESOCKET)\)/,
    );
    expect(sink.transactions).toBe(3);
    expect(sink.accepted).toBe(0);
  });

  it('connection refused: retryable', async () => {
    const port = Number(new URL(await refusedUrl()).port);
    channel = new EmailChannel({
      transport: { host: '127.0.0.1', port },
      from: USER,
      to: 'oncall@example.com',
    });
    const error = await failure(channel.send(critical(), context()));
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a server slower than the timeout: the attempt ends at the deadline and nothing is delivered late', async () => {
    const { sink, channel } = await setup();
    // The server would answer after 5 s; two 1 s attempts must both be given up well before.
    sink.fail({ at: 'data', delayMs: 5000, times: Number.POSITIVE_INFINITY });
    const started = Date.now();
    const [result] = await manager(channel, 1, 1).send(critical());
    expect(result).toMatchObject({ status: 'failed', attempts: 2 });
    expect(Date.now() - started).toBeLessThan(4000);
    // The aborted connections were closed: the delayed acceptances can no longer happen.
    await new Promise((resolve) => setTimeout(resolve, 5300 - (Date.now() - started)));
    expect(sink.accepted).toBe(0);
  });

  it('the channel`s own timeout option: a retryable TOCSIN_TIMEOUT', async () => {
    const { sink, channel } = await setup({ timeout: 1 });
    expect(channel.timeout).toBe(1);
    sink.fail({ at: 'data', delayMs: 3000 });
    const started = Date.now();
    const error = await failure(channel.send(critical(), context()));
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
    expect(error.message).toMatch(/no answer from SMTP server 127\.0\.0\.1:\d+ within 1 s/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('abort closes the connection carrying the message; the pool then opens a fresh one', async () => {
    const { sink, channel } = await setup();
    sink.fail({ at: 'data', delayMs: 800 });
    const controller = new AbortController();
    const sending = failure(channel.send(critical(), context(controller.signal)));
    await until(() => sink.transactions === 1, 'one SMTP transaction at the sink');
    controller.abort(new Error('shutting down'));
    const error = await sending;
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_ABORTED' });
    expect(error.message).toMatch(
      /sending to SMTP server 127\.0\.0\.1:\d+ was aborted: shutting down/,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sink.accepted).toBe(0);
    await channel.send(critical(), context());
    expect(sink.accepted).toBe(1);
    expect(sink.connections).toBe(2);
  });
});

describe('EmailChannel headers', () => {
  it('a header injection attempt in the title or a display name stays inside the Subject / From', async () => {
    const { sink, channel } = await setup({
      from: { name: 'Ops\r\nBcc: spy@evil.example', address: 'alerts@example.com' },
      subjectPrefix: '[OPS]\r\nX-Prefix-Injected: 1',
    });
    await channel.send(
      critical({
        title: 'Disk full\r\nBcc: attacker@evil.example\r\nX-Injected: yes\r\n\r\nfake body',
      }),
      context(),
    );
    const message = sink.messages[0];
    expect(message?.envelope.to).toEqual(['oncall@example.com']);
    expect(message?.headerNames).not.toContain('bcc');
    expect(message?.headerNames).not.toContain('x-injected');
    expect(message?.headerNames).not.toContain('x-prefix-injected');
    expect(message?.subject).toBe(
      '[OPS] X-Prefix-Injected: 1 [CRITICAL] Disk full Bcc: attacker@evil.example X-Injected: yes fake body',
    );
    expect(message?.from).toEqual([
      { name: 'Ops Bcc: spy@evil.example', address: 'alerts@example.com' },
    ]);
  });

  it('a 1 MB title makes a subject of one sane header line; 10,000 labels make a bounded message', async () => {
    const { sink, channel } = await setup();
    const labels = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [`label${i}`, `value-${i}-${'x'.repeat(500)}`]),
    );
    await channel.send(critical({ title: `Disk ${'full '.repeat(200_000)}`, labels }), context());
    const message = sink.messages[0];
    const subject = message?.subject ?? '';
    expect(subject.length).toBeLessThanOrEqual(250);
    expect(subject.endsWith('…')).toBe(true);
    // Every line of the raw message is within RFC 5322's 998 characters.
    for (const line of (message?.raw ?? '').split('\r\n'))
      expect(line.length).toBeLessThanOrEqual(998);
    expect(message?.raw.length).toBeLessThan(300_000);
    expect(message?.text).toContain('9950 more labels not shown');
  });

  it('an encoded-word in the title shows as the text it is, not as what it would decode to', async () => {
    const { sink, channel } = await setup();
    // "=?utf-8?b?UGF5cm9sbCBhcHByb3ZlZA==?=" decodes to "Payroll approved".
    await channel.send(
      critical({ title: 'Note =?utf-8?b?UGF5cm9sbCBhcHByb3ZlZA==?= end' }),
      context(),
    );
    const subject = sink.messages[0]?.subject ?? '';
    expect(subject).not.toContain('Payroll approved');
    expect(subject.replaceAll('\u2060', '')).toBe(
      '[ALERT] [CRITICAL] Note =?utf-8?b?UGF5cm9sbCBhcHByb3ZlZA==?= end',
    );
  });

  it('rejects extra headers that would replace its own or break the header block', () => {
    const base = { transport: { host: '127.0.0.1' }, from: USER, to: USER };
    expect(() => new EmailChannel({ ...base, headers: { Bcc: 'x@example.com' } })).toThrow(
      '`headers.Bcc` is set by the channel itself',
    );
    expect(() => new EmailChannel({ ...base, headers: { 'X-Tocsin-Level': 'INFO' } })).toThrow(
      TypeError,
    );
    expect(
      () => new EmailChannel({ ...base, headers: { 'X-A': 'a\r\nBcc: y@example.com' } }),
    ).toThrow('`headers.X-A` must not contain line breaks');
    expect(() => new EmailChannel({ ...base, headers: { 'X A': 'b' } })).toThrow(
      'invalid header name',
    );
  });
});

describe('EmailChannel RESOLVED notices', () => {
  it('arrives with a [RESOLVED] subject, and text and HTML that say resolved and for how long', async () => {
    const { sink, channel } = await setup();
    await channel.send(resolvedAlert(), context());
    const message = sink.messages[0];
    const sentence = 'Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)';
    expect(message?.subject).toBe('[RESOLVED] [CRITICAL] Database connection lost');
    expect(message?.text).toContain('Status: RESOLVED');
    expect(message?.text).toContain(sentence);
    expect(message?.html).toContain('RESOLVED &middot; CRITICAL');
    expect(message?.html).toContain('background-color:#2eb67d');
    expect(message?.html).toContain(sentence);
    expect(message?.headers['x-tocsin-alert-id']).toBe('resolved-0001');
  });

  it('says when the auto-resolve timeout ended the incident', async () => {
    const { sink, channel } = await setup({ html: false });
    await channel.send(resolvedAlert({}, { by: 'timeout' }), context());
    expect(sink.messages[0]?.text).toContain(
      'Resolved after 12 min 30 s: no new alert before the auto-resolve timeout',
    );
  });

  it('keeps hostile text escaped in the HTML and out of the headers', async () => {
    const { sink, channel } = await setup();
    await channel.send(
      resolvedAlert({
        title: 'Disk\r\nBcc: attacker@evil.example <img src=x onerror=alert(1)>',
        body: '<script>alert(1)</script><a href="https://evil.example">click</a>',
      }),
      context(),
    );
    const message = sink.messages[0];
    expect(message?.headerNames).not.toContain('bcc');
    expect(message?.subject).toBe(
      '[RESOLVED] [CRITICAL] Disk Bcc: attacker@evil.example <img src=x onerror=alert(1)>',
    );
    expect(message?.html).not.toMatch(/<(script|img|a)\b/i);
    expect(message?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('EmailChannel pool', () => {
  it('reuses one pooled connection for 150 messages (no reconnect every 100)', async () => {
    const { sink, channel } = await setup({}, { capture: 'none' });
    for (let i = 0; i < 150; i++) await channel.send(critical(), context());
    expect(sink.accepted).toBe(150);
    expect(sink.connections).toBe(1);
  });

  it('opens at most maxConnections connections for concurrent sends, lazily', async () => {
    sink = await startSmtpSink({ capture: 'none' });
    channel = new EmailChannel({
      transport: { ...sink.transportOptions, maxConnections: 3 },
      from: USER,
      to: 'oncall@example.com',
    });
    expect(sink.connections).toBe(0);
    await Promise.all(Array.from({ length: 30 }, () => channel?.send(critical(), context())));
    expect(sink.accepted).toBe(30);
    expect(sink.connections).toBeLessThanOrEqual(3);
  });

  it('close() releases the pool; twice is harmless; a send after close fails clearly', async () => {
    const { channel } = await setup();
    await channel.send(critical(), context());
    await channel.close();
    await channel.close();
    const error = await failure(channel.send(critical(), context()));
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_CLOSED' });
  });

  it('accepts a nodemailer transport made by the caller, and leaves closing it to them', async () => {
    sink = await startSmtpSink({ tls: true, auth: { user: USER, pass: PASSWORD } });
    const transport = nodemailer.createTransport(sink.transportOptions);
    channel = new EmailChannel({ transport, from: USER, to: 'oncall@example.com' });
    expect(JSON.stringify(channel)).not.toContain(PASSWORD);
    expect(inspect(channel, { depth: 6 })).not.toContain(PASSWORD);
    await channel.send(critical(), context());
    await channel.close();
    await transport.sendMail({ from: USER, to: USER, subject: 'still open', text: 'x' });
    expect(sink.messages.map((m) => m.subject)).toEqual([
      '[ALERT] [CRITICAL] Database connection lost',
      'still open',
    ]);
    transport.close();
  });
});

describe('EmailChannel options', () => {
  const base = {
    transport: { host: 'smtp.example.com', port: 587 },
    from: USER,
    to: 'oncall@example.com',
  };
  const bad = (options: unknown) => () => new EmailChannel(options as EmailChannelOptions);

  it('names the offending option', () => {
    expect(bad(undefined)).toThrow(TypeError);
    expect(bad({ ...base, to: undefined })).toThrow('`to`');
    expect(bad({ ...base, to: [] })).toThrow('`to` must name at least one recipient');
    expect(bad({ ...base, to: ['ok@example.com', 'not an address'] })).toThrow(
      '`to[1]` is not an email address: "not an address"',
    );
    expect(bad({ ...base, from: 42 })).toThrow(
      "`from` must be an email address: 'ops@example.com'",
    );
    expect(bad({ ...base, from: { name: 'x' } })).toThrow('`from.address` must be a string');
    expect(bad({ ...base, transport: 'smtp://smtp.example.com' })).toThrow(
      '`transport` must be SMTP options ({ host, port, ... }) or a nodemailer transport',
    );
    // `host` defaults to localhost (as config files always had it).
    expect(bad({ ...base, transport: { host: '' } })).toThrow('`transport.host`');
    expect(bad({ ...base, transport: { type: 'resend', apiKey: 're_x' } })).toThrow(
      'use ResendChannel from @tocsin/resend',
    );
    expect(bad({ ...base, transport: { host: 'h', username: 'u' } })).toThrow(
      '`transport.password` is required',
    );
    expect(bad({ ...base, transport: { host: 'h', port: 70000 } })).toThrow(RangeError);
    expect(bad({ ...base, transport: { host: 'h', socketTimeout: 60_000 } })).toThrow(
      '`transport.socketTimeout` is in seconds and must be <= 3600',
    );
    expect(bad({ ...base, transport: { host: 'h', user: 'typo' } })).toThrow(/user/);
    expect(bad({ ...base, html: 'yes' })).toThrow('`html` must be a boolean');
  });

  it('never repeats the password in an option error', () => {
    const error = (() => {
      try {
        new EmailChannel({
          ...base,
          transport: { host: 'h', auth: { user: 'u', pass: PASSWORD }, port: -1 },
        });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RangeError);
    expect(String(error?.message)).not.toContain(PASSWORD);
  });

  it('has the defaults the docs state, and a safe toJSON', () => {
    const ch = new EmailChannel({
      ...base,
      transport: { host: 'smtp.example.com', auth: { user: 'u', pass: PASSWORD } },
    });
    expect(ch.name).toBe('email');
    expect(ch.timeout).toBeUndefined();
    expect(ch.toJSON()).toEqual({
      type: 'email',
      name: 'email',
      transport: {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        requireTLS: false,
        pool: true,
        user: 'u',
        password: '***',
      },
      from: USER,
      to: ['oncall@example.com'],
      cc: [],
      bcc: 0,
      html: true,
      timeout: undefined,
    });
    expect(String(ch)).toBe(
      'EmailChannel(email: smtp://smtp.example.com:587 -> oncall@example.com)',
    );
  });

  it('clamps timeout into 1..120 with a warning', () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation((message) => {
      warnings.push(String(message));
    });
    try {
      expect(new EmailChannel({ ...base, timeout: 500 }).timeout).toBe(120);
    } finally {
      spy.mockRestore();
      process.off('warning', onWarning);
    }
    expect(warnings.join('\n')).toContain(
      'channel.timeout 500 (from EmailChannel options) is above the maximum 120; using 120',
    );
  });
});
