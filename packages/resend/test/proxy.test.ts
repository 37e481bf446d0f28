import { AlertManager } from '@tocsin/core';
import { quietLogger, startConnectProxy, startFakeHttpServer } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { ResendChannel } from '../src/index.js';
import { resendReplies } from './resend-replies.js';

describe('Resend through an HTTP proxy', () => {
  it("sends the email through the proxy's tunnel to the API's host", async () => {
    const server = await startFakeHttpServer({
      defaultReply: resendReplies.ok('4ef9a417-02e9-4d39-ad75-9611e0fcc33c'),
    });
    const proxy = await startConnectProxy();
    const channel = new ResendChannel({
      apiKey: 're_123456789_proxyTestKey',
      from: 'Tocsin <alerts@example.com>',
      to: 'oncall@example.com',
      baseUrl: server.url,
      proxy: proxy.url,
    });
    const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
    expect((await manager.send({ title: 'via proxy' }))[0]?.status).toBe('sent');
    expect(server.requests).toHaveLength(1);
    expect(proxy.connects.map((c) => c.target)).toEqual([new URL(server.url).host]);
    await manager.close();
    await proxy.close();
    await server.close();
  });
});
