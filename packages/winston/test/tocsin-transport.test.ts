import { hostname } from 'node:os';
import { AlertManager } from '@tocsin/core';
import { type FakeHttpServer, quietLogger, startFakeHttpServer } from '@tocsin/test-kit';
import { WebhookChannel } from '@tocsin/webhook';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import { TocsinTransport, tocsinLogger } from '../src/index.js';

interface Received {
  title: string;
  body: string;
  level: number;
  labels: Record<string, string>;
  digest?: { total: number };
}

let sink: FakeHttpServer;
beforeEach(async () => {
  sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
});
afterEach(() => sink.close());

const received = () => sink.requests.map((request) => request.json() as Received);

function logger(transport: TocsinTransport) {
  return winston.createLogger({
    level: 'debug',
    defaultMeta: { service: 'api' },
    format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.json()),
    transports: [transport],
  });
}

describe('@tocsin/winston with a real winston logger', () => {
  it('sends error logs as alerts: message, stack, level, host and chosen labels', async () => {
    const manager = new AlertManager({ logger: quietLogger }).addChannel(
      new WebhookChannel({ url: `${sink.url}/alerts` }),
      { maxRetries: 0 },
    );
    const transport = new TocsinTransport({ manager, labels: ['service'] });
    const log = logger(transport);
    log.info('started');
    log.warn('slow');
    log.error(new Error('disk full on /var'));
    log.error('payment failed', { err: new Error('card declined'), orderId: 'o-1' });
    await transport.close();
    const alerts = received();
    expect(alerts.map(({ title, level }) => ({ title, level }))).toEqual([
      { title: 'disk full on /var', level: 25 },
      { title: 'payment failed', level: 25 },
    ]);
    expect(alerts[0]?.body).toContain('Error: disk full on /var');
    expect(alerts[0]?.body).toContain('tocsin-transport.test.ts');
    expect(alerts[1]?.body).toContain('Error: card declined');
    expect(alerts[0]?.labels).toEqual({ host: hostname(), service: 'api' });
  });

  it("maps syslog's levels: crit and above CRITICAL, warning WARNING", async () => {
    const manager = new AlertManager({ logger: quietLogger }).addChannel(
      new WebhookChannel({ url: `${sink.url}/alerts` }),
    );
    const transport = new TocsinTransport({ manager, minLevel: 'warning' });
    const log = winston.createLogger({
      levels: winston.config.syslog.levels,
      level: 'debug',
      transports: [transport],
    });
    log.log('notice', 'rotated');
    log.log('warning', 'queue deep');
    log.log('crit', 'index corrupt');
    log.log('emerg', 'cluster lost');
    await transport.close();
    expect(received().map(({ title, level }) => [title, level])).toEqual([
      ['queue deep', 20],
      ['index corrupt', 30],
      ['cluster lost', 30],
    ]);
  });

  it('fromConfig applies the burst policy; close() sends what the buffer holds', async () => {
    const transport = await TocsinTransport.fromConfig({
      config: { alerts: { channels: { hook: { type: 'webhook', url: `${sink.url}/alerts` } } } },
    });
    const log = logger(transport);
    for (let i = 0; i < 7; i++) log.error(`upstream timeout ${i % 2}`);
    await sink.waitForRequests(1, 5000);
    await transport.close();
    expect(received().map((alert) => [alert.title, alert.digest?.total])).toEqual([
      ['5 alerts (threshold exceeded)', 5],
      ['2 alerts (sent on close)', 2],
    ]);
    expect(transport.stats).toMatchObject({ queued: 7, dropped: 0, failed: 0 });
  });

  it('never loops: a failure logged back into the same logger is not sent again', async () => {
    sink.setDefault({ status: 500, body: 'down' });
    const lines: string[] = [];
    const manager = new AlertManager({ logger: quietLogger }).addChannel(
      new WebhookChannel({ url: `${sink.url}/alerts` }),
      { maxRetries: 0 },
    );
    let log: winston.Logger | undefined;
    const transport = new TocsinTransport({
      manager,
      // The worst fallback an app could choose: the logger the transport listens to.
      fallback: (line) => {
        lines.push(line);
        log?.error(line);
      },
    });
    log = logger(transport);
    tocsinLogger(log).warn('a clamp warning of Tocsin, written through winston');
    log.error('job failed');
    await transport.close();
    expect(sink.requests).toHaveLength(1);
    expect(lines).toEqual([
      expect.stringContaining('log alert "job failed" was not delivered to "webhook"'),
    ]);
    expect(transport.stats).toMatchObject({ queued: 1, failed: 1, ignored: 2 });
  });

  it('a log call never throws, even once the manager is closed', async () => {
    const manager = new AlertManager({ logger: quietLogger });
    const lines: string[] = [];
    const transport = new TocsinTransport({ manager, fallback: (line) => lines.push(line) });
    const log = logger(transport);
    await manager.close();
    expect(() => log.error('after close')).not.toThrow();
    await transport.close();
    expect(lines).toEqual([
      expect.stringContaining('log alert "after close" was refused: AlertManager is closed'),
    ]);
  });
});
