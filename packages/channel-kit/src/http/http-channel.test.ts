import { inspect } from 'node:util';
import { type Alert, type ChannelReceipt, createAlert, DeliveryError } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpChannel } from './http-channel.js';
import type { HttpAnswer } from './http-endpoint.js';

const TOKEN = 'tok-9c8b7a6f5e4d3c2b1a0f';

/** The smallest channel on the base: the alert's title as JSON, the answer's `id` as receipt. */
class EchoChannel extends HttpChannel {
  constructor(url: string, timeout?: number) {
    super({
      kind: 'EchoChannel',
      type: 'echo',
      name: 'echo',
      timeout,
      endpoint: { url, addressOption: 'url' },
    });
  }

  protected render(alert: Alert): string {
    return JSON.stringify({ title: alert.title });
  }

  protected shownSettings(): Record<string, unknown> {
    return { url: this.maskedUrl };
  }

  protected override receipt(answer: HttpAnswer): ChannelReceipt {
    const { id } = JSON.parse(answer.text) as { id?: string };
    return id === undefined ? {} : { messageId: id };
  }
}

const alert = (title = 'Disk full') => createAlert({ title, level: 'error' });
const context = () => ({ signal: AbortSignal.timeout(10_000), attempt: 1, timeoutMs: 10_000 });

const servers: FakeHttpServer[] = [];
const channels: HttpChannel[] = [];
afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.close();
  for (const server of servers.splice(0)) await server.close();
});

async function setUp(timeout?: number) {
  const server = await startFakeHttpServer();
  servers.push(server);
  const channel = new EchoChannel(`${server.url}/hooks/${TOKEN}`, timeout);
  channels.push(channel);
  return { server, channel };
}

describe('HttpChannel', () => {
  it('posts what the subclass renders and returns its receipt', async () => {
    const { server, channel } = await setUp();
    server.reply({ status: 200, body: { id: 'm-1' } });
    const receipt = await channel.send(alert('Disk full'), context());
    expect(receipt).toEqual({ messageId: 'm-1' });
    expect(server.requests[0]?.json()).toEqual({ title: 'Disk full' });
  });

  it('refuses to send once closed, without a request', async () => {
    const { server, channel } = await setUp();
    await channel.close();
    await channel.close();
    const error = await channel.send(alert(), context()).catch((e: unknown) => e);
    expect(DeliveryError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TOCSIN_CLOSED', retryable: false, channel: 'echo' });
    expect((error as Error).message).toBe(
      'echo: the channel is closed; create a new EchoChannel to send again',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('shows itself with the URL masked, and the timeout clamped', async () => {
    const { channel } = await setUp(500);
    expect(channel.timeout).toBe(120);
    expect(String(channel)).toMatch(/^EchoChannel\(echo -> http:\/\/127\.0\.0\.1:\d+\/.*\)$/);
    expect(channel.toJSON()).toEqual({
      type: 'echo',
      name: 'echo',
      url: channel.maskedUrl,
      timeout: 120,
    });
    expect(inspect(channel)).toMatch(/^EchoChannel \{/);
    const shown = [String(channel), JSON.stringify(channel), inspect(channel, { depth: 5 })];
    for (const text of shown) expect(text).not.toContain(TOKEN);
  });
});
