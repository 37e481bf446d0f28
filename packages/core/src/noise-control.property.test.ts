import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertManager } from './alert-manager.js';
import type { AlertResult } from './alert-result.js';
import type { Channel } from './channel.js';
import { DeliveryError } from './errors/delivery-error.js';
import type { DigestEvent } from './manager-events.js';

const MAX_WAIT_MS = 45_000;

/**
 * A channel that fails every third attempt for good, so some digests and alerts fail, and
 * notes the clock's time when each alert or digest reached it.
 */
function flakyChannel(
  name: string,
  clock: FakeClock,
): Channel & { attempts: number; at: Map<string, number> } {
  return {
    name,
    attempts: 0,
    at: new Map(),
    async send(alert) {
      this.at.set(alert.id, clock.now());
      if (++this.attempts % 3 === 0)
        throw new DeliveryError(`${name}: refused`, { channel: name, retryable: false });
    },
  };
}

const step = fc.oneof(
  fc.record({
    kind: fc.constant('send' as const),
    alerts: fc.array(
      fc.record({
        title: fc.constantFrom('disk full', 'db down', 'slow'),
        level: fc.constantFrom('info', 'warning', 'error', 'critical'),
        labels: fc.record({
          host: fc.constantFrom('h1', 'h2', 'h3'),
          service: fc.constantFrom('a', 'b'),
        }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
);

describe('noise control, for any sequence of alerts and clock steps', () => {
  it('ends every accepted alert in one status on each entry, sends every digest, never holds a batch past maxWait', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const clock = new FakeClock();
        const manager = new AlertManager({ logger: { warn: () => {} }, clock });
        const grouped = flakyChannel('group', clock);
        manager
          .addChannel(new MemoryChannel({ name: 'plain' }), { minLevel: 'warning' })
          .addChannel(flakyChannel('dedup', clock), { repeatInterval: 60, maxRetries: 0 })
          .addChannel(grouped, {
            maxRetries: 0,
            group: {
              by: ['service'],
              wait: 10,
              interval: 60,
              maxWait: MAX_WAIT_MS / 1000,
              maxAlerts: 7,
            },
          })
          .addChannel(new MemoryChannel({ name: 'burst' }), {
            burst: { threshold: 4, buffer: 30, cooldown: 20 },
            repeatInterval: 30,
            throttle: { rate: 2, per: 60 },
          });
        const events: DigestEvent[] = [];
        manager.on('digest', (event) => events.push(event));
        const openedAt = new Map<string, number>();
        const results: AlertResult[] = [];
        let accepted = 0;
        for (const s of steps) {
          if (s.kind === 'advance') {
            await clock.advanceAsync(s.ms, Math.max(1, Math.ceil(s.ms / 4)));
            continue;
          }
          accepted += s.alerts.length;
          for (const r of await manager.send(s.alerts)) {
            results.push(r);
            if (r.digestId !== undefined && !openedAt.has(r.digestId))
              openedAt.set(r.digestId, clock.now());
          }
        }
        await manager.close();
        const stats = manager.stats;

        expect(stats.totalAlerts).toBe(accepted);
        for (const [key, c] of Object.entries(stats.byChannel)) {
          const ended = c.sent + c.failed + c.throttled + c.filtered + c.deduplicated + c.grouped;
          expect(ended, key).toBe(accepted);
          // Every grouped alert rode in a digest whose outcome was reported.
          const mine = events.filter((e) => e.channel === key);
          expect(
            mine.reduce((n, e) => n + e.digest.total, 0),
            key,
          ).toBe(c.grouped);
          expect(c.digests.sent + c.digests.failed + c.digests.throttled, key).toBe(mine.length);
          expect(c.digests.pendingAlerts, key).toBe(0);
        }
        // One result per (alert, entry) except filtered ones.
        expect(results.length).toBe(accepted * 4 - stats.totalFiltered);
        for (const event of events) {
          const opened = openedAt.get(event.digest.id);
          expect(opened).toBeDefined();
          if (event.channel !== 'group') continue;
          const sentAt = grouped.at.get(event.result.alertId);
          expect(sentAt).toBeDefined();
          expect((sentAt as number) - (opened as number)).toBeLessThanOrEqual(MAX_WAIT_MS);
        }
      }),
      { numRuns: 150 },
    );
  });
});
