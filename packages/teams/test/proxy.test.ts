import { AlertManager } from '@tocsin/core';
import { quietLogger, startConnectProxy, startFakeHttpServer } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { teamsChannel } from './harness.js';
import { teamsReplies } from './teams-replies.js';

describe('Teams (an HttpChannel) through an HTTP proxy', () => {
  it("posts through the proxy's tunnel to the workflow's host", async () => {
    const server = await startFakeHttpServer({ defaultReply: teamsReplies.accepted });
    const proxy = await startConnectProxy();
    const manager = new AlertManager({ logger: quietLogger }).addChannel(
      teamsChannel(server, { proxy: proxy.url }),
    );
    const [result] = await manager.send({ title: 'via proxy' });
    expect(result?.error).toBeUndefined();
    expect(result?.status).toBe('sent');
    expect(server.requests).toHaveLength(1);
    expect(proxy.connects.map((c) => c.target)).toEqual([new URL(server.url).host]);
    await manager.close();
    await proxy.close();
    await server.close();
  });
});
