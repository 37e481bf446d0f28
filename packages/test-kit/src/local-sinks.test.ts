import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSinks, startLocalSinks } from './local-sinks.js';

/** A plain SMTP conversation over a socket: enough to put one message in the sink. */
async function smtpSend(port: number, message: string): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  const reply = () =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = /^(\d{3}) [^\n]*\n/m.exec(buffer);
        if (match) {
          buffer = buffer.slice((match.index ?? 0) + match[0].length);
          resolve(match[1] as string);
        } else {
          socket.once('data', (chunk: string) => {
            buffer += chunk;
            check();
          });
        }
      };
      socket.once('error', reject);
      check();
    });
  const expectCode = async (code: string) => expect(await reply()).toBe(code);
  await expectCode('220');
  for (const [line, code] of [
    ['EHLO test', '250'],
    ['MAIL FROM:<alerts@example.com>', '250'],
    ['RCPT TO:<oncall@example.com>', '250'],
    ['DATA', '354'],
  ] as const) {
    socket.write(`${line}\r\n`);
    await expectCode(code);
  }
  socket.write(`${message.replace(/\n/g, '\r\n')}\r\n.\r\n`);
  await expectCode('250');
  socket.end('QUIT\r\n');
}

describe('startLocalSinks', () => {
  let sinks: LocalSinks;
  let dir: string;
  beforeEach(async () => {
    sinks = await startLocalSinks();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-sinks-'));
  });
  afterEach(async () => {
    await sinks.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers as Slack, a webhook receiver and Resend would, and names their addresses', async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const slack = await post(sinks.env.SLACK_WEBHOOK_URL as string, { text: 'hi' });
    expect([slack.status, await slack.text()]).toEqual([200, 'ok']);
    const hook = await post(sinks.env.WEBHOOK_URL as string, { title: 't' });
    expect(await hook.json()).toEqual({ ok: true });
    const first = await (
      await post(`${sinks.env.RESEND_BASE_URL}/emails`, { html: '<b>x</b>' })
    ).json();
    const second = await (await post(`${sinks.env.RESEND_BASE_URL}/emails`, {})).json();
    expect([first, second]).toEqual([{ id: 're-local-0001' }, { id: 're-local-0002' }]);
    expect(sinks.env).toMatchObject({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sinks.smtp.port) });
  });

  it('answers as a Teams workflow and PagerDuty would', async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, { method: 'POST', body: JSON.stringify(body) });
    const teams = await post(sinks.env.TEAMS_WEBHOOK_URL as string, { type: 'message' });
    expect([teams.status, await teams.text()]).toEqual([202, '']);
    const enqueue = `${sinks.env.PAGERDUTY_BASE_URL}/v2/enqueue`;
    const event = await post(enqueue, { routing_key: 'k'.repeat(32), dedup_key: 'fp1' });
    expect([event.status, await event.json()]).toEqual([
      202,
      { status: 'success', message: 'Event processed', dedup_key: 'fp1' },
    ]);
    const invalid = await post(enqueue, { dedup_key: 'fp1' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ status: 'invalid event' });
  });

  it('writes what it received: .eml and .html for emails, JSON for HTTP requests', async () => {
    await smtpSend(
      sinks.smtp.port,
      [
        'From: alerts@example.com',
        'To: oncall@example.com',
        'Subject: [ALERT] [CRITICAL] Disk full',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>disk</p>',
      ].join('\n'),
    );
    // Slack's first answer is a 429: its file says so.
    sinks.slack.reply({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
    for (let i = 0; i < 2; i++)
      await (
        await fetch(sinks.env.SLACK_WEBHOOK_URL as string, { method: 'POST', body: '{}' })
      ).text();
    await fetch(sinks.env.WEBHOOK_URL as string, { method: 'POST', body: '{"title":"t"}' });
    await fetch(`${sinks.env.RESEND_BASE_URL}/emails`, {
      method: 'POST',
      body: '{"html":"<i>r</i>"}',
    });
    const files = await sinks.writeReceived(dir);
    expect(files.map((f) => basename(f))).toEqual([
      '001-email-alert-critical-disk-full.eml',
      '001-email-alert-critical-disk-full.html',
      '002-slack-001-429.json',
      '003-slack-002.json',
      '004-webhook-001.json',
      '005-resend-001.json',
      '005-resend-001.html',
    ]);
    expect(await readFile(join(dir, '001-email-alert-critical-disk-full.eml'), 'utf8')).toContain(
      'Subject: [ALERT] [CRITICAL] Disk full',
    );
    expect(JSON.parse(await readFile(join(dir, '004-webhook-001.json'), 'utf8'))).toEqual({
      method: 'POST',
      path: '/alerts',
      body: { title: 't' },
    });
    expect(await readFile(join(dir, '005-resend-001.html'), 'utf8')).toBe('<i>r</i>');
  });
});
