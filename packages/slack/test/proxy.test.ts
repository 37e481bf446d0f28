import { AlertManager } from '@tocsin/core';
import { quietLogger, startConnectProxy, startFakeHttpServer } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { slackChannel } from './harness.js';
import { slackReplies } from './slack-replies.js';

describe('Slack through an HTTP proxy', () => {
  it("posts through the proxy's tunnel to the webhook's host", async () => {
    const server = await startFakeHttpServer({ defaultReply: slackReplies.ok });
    const proxy = await startConnectProxy();
    const manager = new AlertManager({ logger: quietLogger }).addChannel(
      slackChannel(server, { proxy: proxy.url }),
    );
    expect((await manager.send({ title: 'via proxy' }))[0]?.status).toBe('sent');
    expect(server.requests[0]?.body).toContain('via proxy');
    expect(proxy.connects.map((c) => c.target)).toEqual([new URL(server.url).host]);
    await manager.close();
    await proxy.close();
    await server.close();
  });
});
