import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock, MemoryChannel, tempDir } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../alert.js';
import { AlertManager } from '../alert-manager.js';
import type { Channel } from '../channel.js';
import { DeliveryError } from '../errors/delivery-error.js';

type Outcome = 'ok' | 'fail' | 'hold';

/**
 * The direct entry's channel: each alert's fate is chosen by the test (its title says it):
 * delivered, refused for good, or held until the test ends (in flight at the "kill").
 */
class ScriptedChannel implements Channel {
  readonly name = 'direct';
  /** Alert ids that reached a final outcome here (delivered or refused). */
  readonly ended = new Set<string>();
  private readonly held: Array<() => void> = [];
  send(alert: Alert): Promise<object> {
    const outcome = alert.title.split(' ')[0] as Outcome;
    if (outcome === 'ok') {
      this.ended.add(alert.id);
      return Promise.resolve({});
    }
    if (outcome === 'fail') {
      this.ended.add(alert.id);
      return Promise.reject(new DeliveryError('refused', { channel: 'direct', retryable: false }));
    }
    return new Promise((resolve) => this.held.push(() => resolve({})));
  }
  release(): void {
    for (const go of this.held.splice(0)) go();
  }
}

const LEVELS = ['info', 'warning', 'error'] as const;
const step = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      outcome: fc.constantFrom<Outcome>('ok', 'fail', 'hold'),
      level: fc.constantFrom(...LEVELS),
      service: fc.constantFrom('api', 'db'),
      /** Sent to the direct entry by name (past its level filter), not to every entry. */
      targeted: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 1, max: 40_000 }),
    }),
    weight: 1,
  },
);

describe('the durable spool, property', () => {
  it('after a kill at any point, each (alert, entry) ends before it or is recovered after it: never both, never neither', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(...LEVELS),
        async (steps, directLevel) => {
          const dir = await tempDir();
          const copy = await tempDir();
          const clock = new FakeClock();
          const direct = new ScriptedChannel();
          const grouped = new MemoryChannel({ name: 'grouped' });
          const first = new AlertManager({ spool: { dir: dir.path }, clock, logger: { warn() {} } })
            .addChannel(direct, { key: 'direct', minLevel: directLevel, timeout: 120 })
            .addChannel(grouped, { key: 'grouped', group: { by: ['service'], wait: 60 } });
          const takenByDirect = new Set<string>();
          let takenByGroup = 0;
          let advanced = 0;
          let n = 0;
          for (const s of steps) {
            if (s.kind === 'advance') {
              // Held attempts time out at 120 s: stay below it, so "held" stays held.
              const ms = Math.min(s.ms, 110_000 - advanced);
              advanced += ms;
              await clock.advanceAsync(ms, 1000);
              continue;
            }
            const id = `alert-${n++}`;
            const alert = {
              id,
              title: `${s.outcome} ${id}`,
              level: s.level,
              labels: { service: s.service },
            };
            void first.send(alert, s.targeted ? { channel: 'direct' } : undefined);
            if (s.targeted || LEVELS.indexOf(s.level) >= LEVELS.indexOf(directLevel))
              takenByDirect.add(id);
            if (!s.targeted) takenByGroup++;
          }
          // Done marks are written in the turn after an outcome; then the process is "killed".
          await new Promise((resolve) => setImmediate(resolve));
          await new Promise((resolve) => setImmediate(resolve));
          copyFileSync(join(dir.path, 'spool.jsonl'), join(copy.path, 'spool.jsonl'));
          const digestedBefore = grouped.received.reduce(
            (sum, a) => sum + (a.digest?.total ?? 1),
            0,
          );
          const endedBefore = new Set(direct.ended);

          const second = new AlertManager({
            spool: { dir: copy.path },
            clock: new FakeClock(),
            logger: { warn() {} },
          })
            .addChannel(new MemoryChannel({ name: 'direct' }), {
              key: 'direct',
              minLevel: directLevel,
            })
            .addChannel(new MemoryChannel({ name: 'grouped' }), {
              key: 'grouped',
              group: { by: ['service'], wait: 60 },
            });
          const recovery = await second.recoverSpool();
          const recoveredDirect = recovery.results
            .filter((r) => r.channel === 'direct')
            .map((r) => r.alertId);
          const recoveredGroup = recovery.results.filter((r) => r.channel === 'grouped').length;

          // The direct entry: every alert it took ended before the kill or was recovered, once.
          for (const id of recoveredDirect) expect(endedBefore.has(id)).toBe(false);
          expect(new Set([...endedBefore, ...recoveredDirect])).toEqual(takenByDirect);
          expect(recoveredDirect.length).toBe(new Set(recoveredDirect).size);
          // The grouped entry: what its digests carried before, plus what went back into groups.
          expect(digestedBefore + recoveredGroup).toBe(takenByGroup);
          const s = second.stats;
          const ended = s.totalSent + s.totalFailed + s.totalFiltered + s.totalGrouped;
          expect(s.totalAlerts).toBe(recovery.alerts);
          expect(ended).toBe(recovery.results.length + s.totalFiltered);

          direct.release();
          const closing = first.close({ timeout: 0 });
          clock.advance(1);
          await closing;
          await second.close();
          await dir.remove();
          await copy.remove();
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
