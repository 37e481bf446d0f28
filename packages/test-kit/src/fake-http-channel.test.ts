import { createAlert } from '@tocsin/core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAfterEach } from './close-after-each.js';
import { useFakeHttpChannel } from './fake-http-channel.js';
import { fakeHttpHarness } from './fake-http-harness.js';
import type { FakeHttpServer } from './fake-http-server.js';
import { MemoryChannel } from './memory-channel.js';

// Closing order is observed through what each close records.
const closed: string[] = [];

class NamedChannel extends MemoryChannel {
  constructor(readonly label: string) {
    super();
  }
  override async close(): Promise<void> {
    closed.push(this.label);
    await super.close();
  }
}

describe('useFakeHttpChannel', () => {
  const fake = useFakeHttpChannel({ defaultReply: { status: 202 } }, (server) => {
    const channel = new NamedChannel(`channel of ${server.port}`);
    const close = server.close.bind(server);
    (server as { close: () => Promise<void> }).close = async () => {
      closed.push(`server ${server.port}`);
      await close();
    };
    return channel;
  });
  let previous: FakeHttpServer | undefined;

  it('starts a server on 127.0.0.1 and a channel for each test', async () => {
    expect(fake.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.channel.label).toBe(`channel of ${fake.server.port}`);
    const answer = await fetch(fake.server.url, { method: 'POST', body: 'x' });
    expect(answer.status).toBe(202);
    previous = fake.server;
  });

  it('closed the last test’s channel, then its server', () => {
    const port = previous?.port;
    expect(closed).toEqual([`channel of ${port}`, `server ${port}`]);
    expect(fake.server.port).not.toBe(port);
  });
});

describe('closeAfterEach', () => {
  const closeLater = closeAfterEach();
  const order: string[] = [];
  afterAll(() => {
    expect(order).toEqual(['second', 'first']);
  });

  it('hands back what it is given', () => {
    const first = { close: () => order.push('first') };
    expect(closeLater(first)).toBe(first);
    closeLater({ close: () => order.push('second') });
    expect(order).toEqual([]);
  });
});

describe('fakeHttpHarness', () => {
  const fake = useFakeHttpChannel({}, () => new MemoryChannel());

  it('counts requests and queues the reply for each failure kind', async () => {
    const harness = fakeHttpHarness(
      fake.server,
      fake.channel,
      { retryable: { status: 503 }, permanent: { status: 404 }, hang: { hang: true } },
      ['secret'],
    );
    harness.failNext('permanent');
    harness.failNext('retryable');
    expect((await fetch(fake.server.url, { method: 'POST' })).status).toBe(404);
    expect((await fetch(fake.server.url, { method: 'POST' })).status).toBe(503);
    expect(harness.received()).toBe(2);
    expect(harness.secrets).toEqual(['secret']);
    await harness.channel.send(createAlert({ title: 't' }), {
      signal: new AbortController().signal,
      attempt: 1,
      timeoutMs: 5000,
    });
  });
});

describe('useFakeHttpChannel, with the channel replaced in a test', () => {
  const fake = useFakeHttpChannel({}, () => new NamedChannel('first'));
  let replaced: NamedChannel | undefined;

  it('hands back the channel assigned', () => {
    closed.length = 0;
    replaced = new NamedChannel('second');
    fake.channel = replaced;
    expect(fake.channel).toBe(replaced);
  });

  it('closed the assigned channel after the test as well as the first', () => {
    expect(closed).toEqual(['second', 'first']);
  });
});
