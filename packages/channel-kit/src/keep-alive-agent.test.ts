import { createRequire } from 'node:module';
import { startFakeHttpServer } from '@tocsin/test-kit';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { KeepAliveAgent, undiciAgent } from './keep-alive-agent.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(closeGraceMs = 5000) {
  const server = await startFakeHttpServer();
  const holder = new KeepAliveAgent({ closeGraceMs });
  closers.push(
    () => holder.close(),
    () => server.close(),
  );
  const post = () =>
    holder.track(async (dispatcher) => {
      const answer = await request(`${server.url}/x`, { method: 'POST', body: 'hi', dispatcher });
      await answer.body.text();
      return answer.statusCode;
    });
  return { server, holder, post };
}

describe('KeepAliveAgent', () => {
  it("makes undici's own Agent, loaded from undici's modules for it (not the fallback)", () => {
    const require = createRequire(import.meta.url);
    expect(require('undici/lib/dispatcher/agent.js')).toBe(Agent);
    expect(undiciAgent()).toBe(Agent);
    expect(Agent.prototype.request).toBe(require('undici/lib/api/index.js').request);
  });

  it('makes no agent until first used, then carries every request on one connection', async () => {
    const { server, holder, post } = await setup();
    expect(holder.isOpen).toBe(false);
    for (let i = 0; i < 5; i++) expect(await post()).toBe(200);
    expect(holder.isOpen).toBe(true);
    expect(server.connections).toBe(1);
  });

  it('counts requests in flight, and close() lets them finish', async () => {
    const { server, holder, post } = await setup();
    server.reply({ status: 200, body: 'ok', delayMs: 200 });
    const pending = post();
    await server.waitForRequests(1);
    expect(holder.inFlight).toBe(1);
    await holder.close();
    expect(await pending).toBe(200);
    expect(holder.isOpen).toBe(false);
  });

  it('cuts a request that never ends once the grace period is over', async () => {
    const { server, holder, post } = await setup(100);
    server.reply({ hang: true });
    const pending = post().catch((error: unknown) => error);
    await server.waitForRequests(1);
    const started = Date.now();
    await holder.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('makes a new agent when used after close(), and closing twice is harmless', async () => {
    const { holder, post } = await setup();
    await post();
    await holder.close();
    await holder.close();
    expect(await post()).toBe(200);
    expect(holder.isOpen).toBe(true);
  });
});
