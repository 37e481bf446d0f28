/**
 * Core overhead: alerts/s through AlertManager.send into no-op channels (1 and 4), beside
 * a bare `await noop()` loop measured in the same run; and AlertThrottle.tryAcquire beside
 * the `limiter` package's TokenBucket.tryRemoveTokens.
 *   pnpm bench core
 */
import { AlertManager, AlertThrottle, type Channel } from '@tocsin/core';
import { TokenBucket } from 'limiter';
import { fmt, interleaved, table } from './lib.js';

const noopChannel = (name: string): Channel => ({ name, send: async () => undefined });
const noop = async () => undefined;
const N = 20_000;

const rows: Array<Array<string | number>> = [];
for (const channels of [1, 4]) {
  const manager = new AlertManager();
  for (let i = 0; i < channels; i++) manager.addChannel(noopChannel(`noop${i}`));
  const alert = {
    title: 'CPU high',
    body: 'cpu-01 at 95%',
    level: 'warning' as const,
    labels: { host: 'cpu-01' },
  };
  const noops = Array.from({ length: channels }, () => noop);
  const m = await interleaved(
    async () => {
      for (let i = 0; i < N; i++) await manager.send(alert);
    },
    channels === 1
      ? async () => {
          for (let i = 0; i < N; i++) await noop();
        }
      : async () => {
          for (let i = 0; i < N; i++) await Promise.all(noops.map((f) => f()));
        },
    N,
  );
  rows.push([
    channels,
    fmt(1e9 / m.ours),
    fmt(1e9 / m.base),
    fmt(m.ours / 1000, 2),
    fmt(m.overhead / channels / 1000, 2),
    fmt(m.relative, 1),
  ]);
  await manager.close();
}
console.log('AlertManager.send into no-op channels (one alert per send, awaited):\n');
console.log(
  table(
    [
      'channels',
      'alerts/s (Tocsin)',
      'loops/s (bare await noop)',
      'µs per send',
      'our overhead per (alert, channel), µs (median of per-round differences)',
      'overhead per send, in baseline loops (state-independent)',
    ],
    rows,
  ),
);

const M = 500_000;
const throttle = new AlertThrottle({ rate: 1000, per: 1 });
const bucket = new TokenBucket({ bucketSize: 1000, tokensPerInterval: 1000, interval: 'second' });
const t = await interleaved(
  () => {
    for (let i = 0; i < M; i++) throttle.tryAcquire();
  },
  () => {
    for (let i = 0; i < M; i++) bucket.tryRemoveTokens(1);
  },
  M,
);
const [ourTry, theirTry] = [t.ours, t.base];
console.log('\nToken bucket, non-blocking acquire (bucket mostly empty after the first 1000):\n');
console.log(
  table(
    ['implementation', 'ops/s', 'ns/op'],
    [
      ['AlertThrottle.tryAcquire (Tocsin)', fmt(1e9 / ourTry), fmt(ourTry, 1)],
      ['limiter TokenBucket.tryRemoveTokens', fmt(1e9 / theirTry), fmt(theirTry, 1)],
      ['ratio (Tocsin / limiter)', fmt(theirTry / ourTry, 2), ''],
    ],
  ),
);
