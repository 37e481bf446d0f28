import { AlertManager } from '@tocsin/core';
import { type SmtpSink, startSmtpSink } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailChannel } from '../src/index.js';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('EmailChannel: a scheduled report (what the SMTP server receives)', () => {
  it('an HTML table per table, the same tables as text in the text part', async () => {
    sink = await startSmtpSink();
    const channel = new EmailChannel({
      transport: sink.transportOptions,
      from: 'alerts@example.com',
      to: 'oncall@example.com',
    });
    const manager = new AlertManager().addChannel(channel, { key: 'ops-email' });
    const report = manager.scheduleReport({
      at: '08:00',
      timeZone: 'Europe/Zurich',
      channel: 'ops-email',
      name: 'daily',
      collect: () => ({ 'pushes received': 412, 'oldest queue item': '3 min' }),
    });
    for (let i = 0; i < 4; i++)
      await manager.send({ title: 'AlpineBits push rejected', level: 'error' });
    await manager.send({ title: 'Rate plan missing', level: 'warning' });
    const [result] = await report.sendNow();
    expect(result?.status).toBe('sent');
    await manager.close();

    const message = sink.messages.at(-1);
    expect(message?.subject).toMatch(/^\[ALERT\] \[INFO\] Report "daily": 5 alerts from /);
    const text = message?.text ?? '';
    expect(text).toMatch(/Period: .* \(Europe\/Zurich\), /);
    expect(text).toContain('Top fingerprints\nCount  Level    Alert');
    expect(text).toMatch(/\n {4}4 {2}ERROR {4}AlpineBits push rejected/);
    expect(text).toContain('Metrics\nMetric             Value\n');
    expect(text).toContain('pushes received    412');

    const html = message?.html ?? '';
    expect(html).toMatch(/>Top fingerprints<\/p><table/);
    expect(html).toMatch(
      /<td align="right"[^>]*>4<\/td><td align="left"[^>]*>ERROR<\/td><td align="left"[^>]*>AlpineBits push rejected<\/td>/,
    );
    expect(html).toMatch(
      /<td align="left"[^>]*>oldest queue item<\/td><td align="left"[^>]*>3 min<\/td>/,
    );
    // The <pre> holds the body before the tables only.
    const pre = html.match(/<pre[^>]*>([\s\S]*?)<\/pre>/)?.[1] ?? '';
    expect(pre).toMatch(/^Period: /);
    expect(pre).not.toContain('Top fingerprints');
  });
});
