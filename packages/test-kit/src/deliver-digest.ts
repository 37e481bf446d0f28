import {
  type AddChannelOptions,
  type AlertInput,
  AlertManager,
  type AlertResult,
  type Channel,
  type DigestEvent,
} from '@tocsin/core';
import { FakeClock } from './fake-clock.js';
import { quietLogger } from './quiet-logger.js';

/**
 * Send `inputs` to `channel` through a real `AlertManager` that groups them for one
 * second on a `FakeClock`, then move the clock: the channel receives the digest exactly as
 * core builds it. Resolves with the `digest` event (its `result.status` says whether the
 * channel delivered it). No retries; the manager holds nothing on real timers, and the
 * channel is left open for the test to close.
 */
export async function deliverDigest(
  channel: Channel,
  inputs: readonly AlertInput[],
  options: AddChannelOptions = {},
): Promise<DigestEvent> {
  const clock = new FakeClock();
  const manager = new AlertManager({ clock, logger: quietLogger }).addChannel(channel, {
    group: { wait: 1 },
    maxRetries: 0,
    ...options,
  });
  const delivered = new Promise<DigestEvent>((resolve) => manager.on('digest', resolve));
  await manager.send(inputs as AlertInput[]);
  clock.advance(1000);
  return delivered;
}

/**
 * Send `input` to `channel` through a real `AlertManager` deduplicating for an hour: once
 * (delivered), then `count - 1` times a minute apart from `firstSeen` (held), then once
 * more after the hour. The last is delivered with `occurrences` ("seen `count` times
 * since `firstSeen`"); resolves with its result.
 */
export async function deliverRepeated(
  channel: Channel,
  input: AlertInput,
  count: number,
  firstSeen: Date,
): Promise<AlertResult> {
  const clock = new FakeClock();
  const manager = new AlertManager({ clock, logger: quietLogger }).addChannel(channel, {
    repeatInterval: '1h',
    maxRetries: 0,
  });
  const at = (minutes: number) => new Date(firstSeen.getTime() + minutes * 60_000);
  await manager.send({ ...input, timestamp: at(-1) });
  for (let i = 0; i < count - 1; i++) await manager.send({ ...input, timestamp: at(i) });
  clock.advance(3_600_000);
  const [result] = await manager.send({ ...input, timestamp: at(count - 1) });
  if (result === undefined) throw new Error('deliverRepeated: the manager returned no result');
  return result;
}

/**
 * An ERROR alert of `service` from `host`, with a `body` when given: what digest tests feed
 * in by the dozen (failnozzle's examples are errors of services on hosts).
 */
export function errorFrom(title: string, service: string, host: string, body?: string): AlertInput {
  return {
    title,
    ...(body === undefined ? {} : { body }),
    level: 'error',
    labels: { service, host },
  };
}
