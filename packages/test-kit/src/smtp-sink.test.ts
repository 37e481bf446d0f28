import { createConnection } from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const mail = { from: 'a@example.com', to: 'b@example.com', subject: 'Hi', text: 'body' };

describe('startSmtpSink', () => {
  it('captures and parses a message sent over STARTTLS with AUTH, trusting its CA', async () => {
    sink = await startSmtpSink({ tls: true, auth: { user: 'u', pass: 'p4ss' } });
    expect(sink.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const transport = nodemailer.createTransport(sink.transportOptions);
    const info = await transport.sendMail({
      ...mail,
      cc: 'c@example.com',
      bcc: 'd@example.com',
      headers: { 'X-Test': '1' },
    });
    transport.close();
    expect(info.response).toMatch(/^250 OK: queued as sink-1/);
    const [message] = sink.messages;
    expect(message).toMatchObject({
      secure: true,
      user: 'u',
      subject: 'Hi',
      text: 'body\n',
      envelope: { from: 'a@example.com', to: ['b@example.com', 'c@example.com', 'd@example.com'] },
      to: [{ address: 'b@example.com', name: '' }],
      cc: [{ address: 'c@example.com', name: '' }],
    });
    expect(message?.headers['x-test']).toBe('1');
    expect(message?.raw).toContain('Subject: Hi');
    expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
  });

  it('rejects a wrong password with 535', async () => {
    sink = await startSmtpSink({ tls: true, auth: { user: 'u', pass: 'right' } });
    const transport = nodemailer.createTransport({
      ...sink.transportOptions,
      auth: { user: 'u', pass: 'wrong' },
    });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({
      code: 'EAUTH',
      responseCode: 535,
    });
    transport.close();
    expect(sink.accepted).toBe(0);
  });

  it('injects faults: rejected recipient, DATA replies, a dropped connection, then works again', async () => {
    sink = await startSmtpSink();
    const transport = nodemailer.createTransport(sink.transportOptions);
    sink.fail({ at: 'rcpt', address: 'B@example.com', code: 550 });
    const partial = await transport.sendMail({ ...mail, to: ['b@example.com', 'e@example.com'] });
    expect(partial.rejected).toEqual(['b@example.com']);
    expect(sink.messages[0]?.envelope.to).toEqual(['e@example.com']);

    sink.fail({ at: 'data', code: 554 }, { at: 'data', code: 451 });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 554 });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });

    sink.fail({ at: 'data', drop: true });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNECTION|ESOCKET/),
    });

    await transport.sendMail(mail);
    expect(sink.accepted).toBe(2);
    expect(sink.transactions).toBe(5);
    transport.close();
  });

  it('delays a reply, and close() ends the pending session at once', async () => {
    sink = await startSmtpSink({ capture: 'none' });
    sink.fail({ at: 'data', delayMs: 60_000 });
    const transport = nodemailer.createTransport(sink.transportOptions);
    const pending = transport.sendMail(mail).catch((e: unknown) => e);
    // Wait for the session to reach DATA (a fixed 200 ms sleep was too short on a loaded CI).
    await vi.waitFor(() => expect(sink?.transactions).toBe(1), { timeout: 10_000, interval: 20 });
    const started = Date.now();
    await sink.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
    transport.close();
  });

  it('greets plain SMTP clients without offering STARTTLS when tls is off', async () => {
    sink = await startSmtpSink();
    const port = sink.port;
    const ehlo = await new Promise<string>((resolve, reject) => {
      const socket = createConnection(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.startsWith('220') && !text.includes('EHLO sent')) {
          text += 'EHLO sent\n';
          socket.write('EHLO test\r\n');
        } else if (/\n250 /.test(text)) {
          socket.end('QUIT\r\n');
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(ehlo).not.toContain('STARTTLS');
  });
});
