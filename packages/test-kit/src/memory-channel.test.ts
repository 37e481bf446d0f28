import { createAlert } from '@tocsin/core';
import { expect, it } from 'vitest';
import { testChannel } from './channel-contract.js';
import { MemoryChannel } from './memory-channel.js';

testChannel('MemoryChannel', async () => {
  const channel = new MemoryChannel();
  return {
    channel,
    received: () => channel.attempts,
    failNext(kind) {
      if (kind === 'hang') channel.hangNext();
      else channel.failNext({ retryable: kind === 'retryable' });
    },
    teardown: async () => {},
  };
});

it('fails the way it is told: code, reason, Retry-After and status as a remote would', async () => {
  const channel = new MemoryChannel().failNext({
    retryable: true,
    code: 'TOCSIN_RATE_LIMITED',
    reason: 'rate_limited',
    retryAfter: 2,
    statusCode: 429,
  });
  const error = await channel
    .send(createAlert({ title: 't' }), {
      signal: new AbortController().signal,
      attempt: 1,
      timeoutMs: 1000,
    })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({
    name: 'DeliveryError',
    code: 'TOCSIN_RATE_LIMITED',
    reason: 'rate_limited',
    retryAfter: 2,
    statusCode: 429,
    retryable: true,
  });
  expect(channel.received).toHaveLength(0);
});
