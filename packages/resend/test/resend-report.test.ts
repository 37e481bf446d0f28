import { AlertManager } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResendChannel } from '../src/index.js';
import { resendReplies } from './resend-replies.js';

let server: FakeHttpServer;
beforeEach(async () => {
  server = await startFakeHttpServer({ defaultReply: resendReplies.ok('email-1') });
});
afterEach(async () => {
  await server.close();
});

describe('ResendChannel: a scheduled report', () => {
  it('posts the tables as HTML tables and as text, through the shared email renderer', async () => {
    const channel = new ResendChannel({
      apiKey: 're_test_9Qm2xV7kLp4Zt8Rw',
      from: 'alerts@example.com',
      to: 'oncall@example.com',
      baseUrl: server.url,
    });
    const manager = new AlertManager().addChannel(channel, { key: 'resend' });
    const report = manager.scheduleReport({
      at: '08:00',
      channel: 'resend',
      collect: () => {
        throw new Error('metrics store down');
      },
    });
    await manager.send({ title: 'Payment webhook failed', level: 'critical' });
    const [result] = await report.sendNow();
    expect(result?.status).toBe('sent');
    await manager.close();

    const posted = server.requests.at(-1)?.json() as {
      subject: string;
      text: string;
      html: string;
    };
    expect(posted.subject).toMatch(/^\[ALERT\] \[INFO\] Report "report": 1 alert from /);
    expect(posted.text).toContain(
      'collect() failed: metrics store down; its metrics are missing from this report.',
    );
    expect(posted.text).toMatch(/CRITICAL +1\n/);
    expect(posted.html).toMatch(
      /<td align="left"[^>]*>CRITICAL<\/td><td align="right"[^>]*>1<\/td>/,
    );
    expect(posted.html).toContain('collect() failed: metrics store down');
    expect(posted.html).toMatch(/>Payment webhook failed<\/td>/);
    // Only Tocsin's three tables: collect's are missing, and the report says so.
    expect(posted.html.match(/<\/table>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(posted.html).not.toContain('>Metrics</p>');
  });
});
