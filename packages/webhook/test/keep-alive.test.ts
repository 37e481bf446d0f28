import { AlertManager } from '@tocsin/core';
import {
  type FakeHttpServer,
  fixedAlert,
  quietLogger,
  sendContext,
  startFakeHttpServer,
  until,
} from '@tocsin/test-kit';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

let server: FakeHttpServer;
let channel: WebhookChannel;

beforeEach(async () => {
  server = await startFakeHttpServer({ defaultReply: webhookReplies.ok });
});
afterEach(async () => {
  await channel.close();
  await server.close();
});

it('20 alerts one after another travel on one connection', async () => {
  channel = new WebhookChannel({ url: server.url });
  const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
  for (let i = 0; i < 20; i++) {
    const [result] = await manager.send({ title: `alert ${i}` });
    expect(result?.status).toBe('sent');
  }
  expect(server.requests).toHaveLength(20);
  expect(server.connections).toBe(1);
});

it('error answers leave the connection reusable too', async () => {
  channel = new WebhookChannel({ url: server.url });
  server.reply(
    webhookReplies.badRequest,
    webhookReplies.serverError,
    webhookReplies.rateLimited(1),
  );
  for (let i = 0; i < 5; i++)
    await channel.send(fixedAlert(), sendContext()).catch(() => undefined);
  expect(server.requests).toHaveLength(5);
  expect(server.connections).toBe(1);
});

it('concurrent alerts open at most `maxConnections` connections, and reuse them', async () => {
  channel = new WebhookChannel({ url: server.url, maxConnections: 4 });
  server.setDefault(webhookReplies.slow(20));
  const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
  const alerts = Array.from({ length: 40 }, (_, i) => ({ title: `alert ${i}` }));
  const results = await manager.send(alerts);
  expect(results.every((result) => result.status === 'sent')).toBe(true);
  expect(server.requests).toHaveLength(40);
  expect(server.connections).toBe(4);
  const [again] = await manager.send({ title: 'after the burst' });
  expect(again?.status).toBe('sent');
  expect(server.connections).toBe(4);
});

it('the default bound is 16 connections', async () => {
  channel = new WebhookChannel({ url: server.url });
  server.setDefault(webhookReplies.slow(20));
  const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
  await manager.send(Array.from({ length: 64 }, (_, i) => ({ title: `alert ${i}` })));
  expect(server.requests).toHaveLength(64);
  expect(server.connections).toBe(16);
});

it('AlertManager.close() closes the channel, which releases its connections', async () => {
  channel = new WebhookChannel({ url: server.url });
  const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
  await manager.send([{ title: 'one' }, { title: 'two' }]);
  expect(server.openConnections).toBeGreaterThan(0);
  await manager.close();
  await until(() => server.openConnections === 0, 'the connections to close');
  await channel.close();
});

it('close() gives a request that never ends 5 s, then cuts it', async () => {
  channel = new WebhookChannel({ url: server.url });
  server.reply(webhookReplies.hang);
  // A signal that never aborts: only close() can end this request.
  const sending = channel.send(fixedAlert(), sendContext()).catch((error: unknown) => error);
  await server.waitForRequests(1);
  const started = Date.now();
  await channel.close();
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(4900);
  expect(elapsed).toBeLessThan(7000);
  expect(await sending).toMatchObject({ name: 'DeliveryError', retryable: true });
  await until(() => server.openConnections === 0, 'the connections to close');
});
