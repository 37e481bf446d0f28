import { describe, expect, it } from 'vitest';
import { ChannelStatsRecorder } from './alert-stats.js';

describe('ChannelStatsRecorder', () => {
  it('reports latency over the last `window` deliveries only, as the ring wraps', () => {
    const stats = new ChannelStatsRecorder('x', 3);
    expect(stats.snapshot(0, null).latency).toEqual({ p50: null, p95: null, samples: 0 });
    for (const ms of [50, 60, 70, 1, 2, 3]) stats.latency(ms);
    expect(stats.snapshot(0, null).latency).toEqual({ p50: 2, p95: 3, samples: 3 });
    stats.latency(100);
    expect(stats.snapshot(0, null).latency).toEqual({ p50: 3, p95: 100, samples: 3 });
    stats.reset();
    stats.latency(7);
    expect(stats.snapshot(0, null).latency).toEqual({ p50: 7, p95: 7, samples: 1 });
  });
});
