import { AlertManager } from '@tocsin/core';
import {
  type ConnectProxy,
  type FakeHttpServer,
  quietLogger,
  startConnectProxy,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookChannel } from '../src/index.js';

let server: FakeHttpServer;
let proxy: ConnectProxy | undefined;
const saved = { ...process.env };
beforeEach(async () => {
  server = await startFakeHttpServer({ defaultReply: { status: 200 } });
});
afterEach(async () => {
  process.env = { ...saved };
  await proxy?.close();
  proxy = undefined;
  await server.close();
});

const target = () => new URL(server.url).host;

describe('the webhook through an HTTP proxy', () => {
  it('tunnels every request through the proxy it is given', async () => {
    proxy = await startConnectProxy();
    const channel = new WebhookChannel({ url: `${server.url}/hooks/in`, proxy: proxy.url });
    const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
    const results = await manager.send([{ title: 'one' }, { title: 'two' }]);
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(server.requests.map((r) => (r.json() as { title: string }).title).sort()).toEqual([
      'one',
      'two',
    ]);
    expect(proxy.connects.map((c) => c.target)).toContain(target());
    expect(proxy.connects.every((c) => c.target === target())).toBe(true);
    await manager.close();
  });

  it("sends the proxy's credentials, and a refusal (407) never shows them", async () => {
    const password = 'proxy-pass-7c2e91';
    proxy = await startConnectProxy({
      authorization: `Basic ${Buffer.from(`alerts:${password}`).toString('base64')}`,
    });
    const withAuth = `http://alerts:${password}@${new URL(proxy.url).host}`;
    const good = new WebhookChannel({ url: `${server.url}/a`, proxy: withAuth });
    const manager = new AlertManager({ logger: quietLogger }).addChannel(good, { maxRetries: 0 });
    expect((await manager.send({ title: 'ok' }))[0]?.status).toBe('sent');
    await manager.close();

    const wrong = `http://alerts:wrong-${password}@${new URL(proxy.url).host}`;
    const refused = new WebhookChannel({ url: `${server.url}/b`, proxy: wrong });
    const failing = new AlertManager({ logger: quietLogger }).addChannel(refused, {
      maxRetries: 0,
    });
    const [result] = await failing.send({ title: 'refused' });
    expect(result?.status).toBe('failed');
    expect(result?.error).not.toContain(password);
    expect(JSON.stringify(failing.stats)).not.toContain(password);
    expect(String(refused)).not.toContain(password);
    expect(JSON.stringify(refused)).not.toContain(password);
    await failing.close();
  });

  it("'env' reads HTTP_PROXY, and NO_PROXY sends past it", async () => {
    proxy = await startConnectProxy();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    const via = new WebhookChannel({ url: `${server.url}/env`, proxy: 'env' });
    const manager = new AlertManager({ logger: quietLogger }).addChannel(via);
    expect((await manager.send({ title: 'via env' }))[0]?.status).toBe('sent');
    expect(proxy.connects.map((c) => c.target)).toEqual([target()]);
    await manager.close();

    process.env.NO_PROXY = '127.0.0.1';
    const direct = new WebhookChannel({ url: `${server.url}/direct`, proxy: 'env' });
    const other = new AlertManager({ logger: quietLogger }).addChannel(direct);
    expect((await other.send({ title: 'direct' }))[0]?.status).toBe('sent');
    expect(proxy.connects).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    await other.close();
  });

  it('without a proxy option, ignores HTTP_PROXY (no surprise detours)', async () => {
    proxy = await startConnectProxy();
    process.env.HTTP_PROXY = proxy.url;
    const channel = new WebhookChannel({ url: `${server.url}/plain` });
    const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
    expect((await manager.send({ title: 'plain' }))[0]?.status).toBe('sent');
    expect(proxy.connects).toHaveLength(0);
    await manager.close();
  });

  it('refuses a proxy that is not a URL, by name', () => {
    expect(
      () => new WebhookChannel({ url: `${server.url}/x`, proxy: 'proxy.internal:3128' }),
    ).toThrow(/`proxy` must be an http:\/\/ or https:\/\/ proxy URL, or "env"/);
  });
});
