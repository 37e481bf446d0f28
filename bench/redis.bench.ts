/**
 * `RedisThrottle.tryAcquire()` beside rate-limiter-flexible's `RateLimiterRedis.consume()`
 * (made a boolean, as a throttle answers), on one redis-server of this run's own, each with
 * its own ioredis client made the same way, rounds interleaved. Two figures:
 * - acquires/s with 64 takes in flight (both clients pipeline them on one connection);
 * - latency of one take at a time: p50 and p95 (goal: p95 under 3 ms).
 * Both buckets are kept empty after their first 1000 tokens (the flood case), so both
 * answer mostly "no", as a throttle does under a burst.
 *   pnpm bench redis
 */

import { RedisThrottle } from '@tocsin/redis';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
// The tests' own redis-server starter: a free port, no persistence, a temp dir.
import { redisBinary, startRedisServer } from '../packages/redis/test/redis-server.js';
import { fmt, table } from './lib.js';

const ROUNDS = 8;
const FLIGHT = 64;
const TAKES_PER_ROUND = 20_000;
const LATENCY_SAMPLES = 2_000;
const GOAL_P95_MS = 3;

if (!redisBinary.path) {
  console.log(`skipped: ${redisBinary.missing}`);
  process.exit(0);
}

type Take = () => Promise<boolean>;

/** Takes per second with `FLIGHT` takes in flight, `TAKES_PER_ROUND` in all. */
async function throughput(take: Take): Promise<number> {
  let left = TAKES_PER_ROUND;
  const worker = async () => {
    while (left-- > 0) await take();
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: FLIGHT }, worker));
  return (TAKES_PER_ROUND / (performance.now() - start)) * 1000;
}

/** Milliseconds of each of `LATENCY_SAMPLES` takes, one at a time. */
async function latencies(take: Take, into: number[]): Promise<void> {
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const start = performance.now();
    await take();
    into.push(performance.now() - start);
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

const server = await startRedisServer();
// One client per implementation, made the same way (fail fast while disconnected).
const client = () => new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
const oursClient = client();
const baseClient = client();
await Promise.all([oursClient.connect(), baseClient.connect()]);

const throttle = new RedisThrottle({ redis: oursClient, key: 'bench:tocsin', rate: 1000, per: 1 });
const limiter = new RateLimiterRedis({
  storeClient: baseClient,
  keyPrefix: 'bench:rlf',
  points: 1000,
  duration: 1,
});
const ours: Take = () => throttle.tryAcquire();
const base: Take = () =>
  limiter.consume('flood').then(
    () => true,
    (refusal: unknown) => {
      if (refusal instanceof Error) throw refusal;
      return false;
    },
  );

const rates = { ours: [] as number[], base: [] as number[] };
const times = { ours: [] as number[], base: [] as number[] };
await throughput(ours);
await throughput(base);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? (['base', 'ours'] as const) : (['ours', 'base'] as const);
  for (const which of order) {
    const take = which === 'ours' ? ours : base;
    rates[which].push(await throughput(take));
    await latencies(take, times[which]);
  }
}
const fallbacksInRounds = throttle.fallbacks;
// How many of 3000 takes on a fresh budget each lets through (both: 1000 per second), with
// FLIGHT takes in flight: a check that both limit, not a figure of speed.
await Promise.all([oursClient.del('bench:tocsin'), baseClient.del('bench:rlf:flood')]);
const counted = async (take: Take) => {
  let left = 3000;
  let yes = 0;
  const worker = async () => {
    while (left-- > 0) if (await take()) yes++;
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: FLIGHT }, worker));
  return { yes, ms: performance.now() - start };
};
const admitted = { ours: await counted(ours), base: await counted(base) };

const row = (label: string, which: 'ours' | 'base') => {
  const sorted = [...times[which]].sort((a, b) => a - b);
  const ops = [...rates[which]].sort((a, b) => a - b);
  return [
    label,
    `${fmt(ops[0] as number)} to ${fmt(ops.at(-1) as number)}`,
    fmt(median(rates[which])),
    fmt(quantile(sorted, 0.5), 3),
    fmt(quantile(sorted, 0.95), 3),
    fmt(quantile(sorted, 0.99), 3),
  ];
};
console.log(
  table(
    [
      'implementation',
      `acquires/s, ${FLIGHT} in flight (range)`,
      'median',
      'p50 ms',
      'p95 ms',
      'p99 ms',
    ],
    [
      row('`RedisThrottle.tryAcquire`', 'ours'),
      row('rate-limiter-flexible `RateLimiterRedis.consume`', 'base'),
    ],
  ),
);
const p95 = quantile(
  [...times.ours].sort((a, b) => a - b),
  0.95,
);
const ratio = median(rates.ours.map((r, i) => r / (rates.base[i] as number)));
console.log(
  `\nratio (Tocsin / rate-limiter-flexible), median of rounds: ${fmt(ratio, 2)}; ` +
    `${ROUNDS} rounds of ${fmt(TAKES_PER_ROUND)} takes and ${fmt(LATENCY_SAMPLES)} one at a time each.`,
);
console.log(
  `admitted of 3,000 takes (${FLIGHT} in flight) on a fresh budget of 1000/s: Tocsin ${admitted.ours.yes} in ${fmt(admitted.ours.ms)} ms ` +
    `(a token bucket refills 1 per ms as they run: at most ${fmt(1000 + admitted.ours.ms)}), rate-limiter-flexible ${admitted.base.yes} (a fixed window).`,
);
console.log(
  `goals: at least as fast ${ratio >= 1 ? 'met' : 'NOT met'}; p95 ${fmt(p95, 3)} ms < ${GOAL_P95_MS} ms ${p95 < GOAL_P95_MS ? 'met' : 'NOT met'}; ` +
    `answers from the local bucket (Redis slower than 200 ms) in the timed rounds: ${fallbacksInRounds}, in all: ${throttle.fallbacks}.`,
);

await throttle.close();
oursClient.disconnect();
baseClient.disconnect();
await server.remove();
