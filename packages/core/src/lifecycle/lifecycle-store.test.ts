import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { type AlertInput, createAlert } from '../alert.js';
import { AlertManager } from '../alert-manager.js';
import { MemoryIncidentStore } from './firing.js';
import { MemorySilenceStore } from './silences.js';

const quiet = { warn: () => {} };
const RULE = {
  sourceMatchers: ['level="critical"'],
  targetMatchers: ['level="warning"'],
  equal: ['service'],
};

describe('the lifecycle store', () => {
  it('managers given one store share what fires and the silences: one resolves for both', async () => {
    const clock = new FakeClock();
    const store = {
      silences: new MemorySilenceStore(),
      incidents: new MemoryIncidentStore(300_000, 1000),
    };
    const make = () =>
      new AlertManager({ logger: quiet, clock, store, inhibitRules: [RULE] }).addChannel(
        new MemoryChannel(),
      );
    const a = make();
    const b = make();
    const critical: AlertInput = { title: 'DB down', level: 'critical', labels: { service: 'db' } };
    const warning: AlertInput = { title: 'Lag', level: 'warning', labels: { service: 'db' } };

    await a.send(critical);
    expect(b.active().map((f) => f.alert.title)).toEqual(['DB down']);
    expect((await b.send(warning))[0]?.status).toBe('inhibited');
    await b.resolve(critical);
    expect(a.active().map((f) => f.alert.title)).toEqual(['Lag']);
    expect((await a.send(warning))[0]?.status).toBe('sent');

    const id = a.silence({ matchers: ['service="db"'], duration: '1h' });
    expect(b.silences().map((s) => s.id)).toEqual([id]);
  });

  it('each part defaults to memory, per manager', async () => {
    const a = new AlertManager({ logger: quiet, store: {} }).addChannel(new MemoryChannel());
    const b = new AlertManager({ logger: quiet }).addChannel(new MemoryChannel());
    await a.send({ title: 'Only here' });
    expect(a.active()).toHaveLength(1);
    expect(b.active()).toEqual([]);
  });

  it('an incident learnt from another process: counted as there, resolved here with its RESOLVED notice', async () => {
    const clock = new FakeClock(1_000_000);
    const incidents = new MemoryIncidentStore(300_000, 1000);
    const channels = {
      slack: new MemoryChannel(),
      pager: new MemoryChannel(),
      email: new MemoryChannel(),
    };
    const manager = new AlertManager({ logger: quiet, clock, store: { incidents } })
      .addChannel(channels.slack, { key: 'slack', sendResolved: true })
      .addChannel(channels.pager, { key: 'pager', sendResolved: true, minLevel: 'critical' })
      .addChannel(channels.email, { key: 'email' });
    const alert = createAlert({ title: 'Disk full', level: 'error', dedupKey: 'disk-db1' });
    const seen = { count: 7, firstEpoch: 1_700_000_000_000, lastEpoch: 1_700_000_060_000 };
    // Quiet for the whole timeout there: nothing to learn.
    expect(
      incidents.learn(alert, { ...seen, lastSeenAt: clock.now() - 300_000 }, clock.now()),
    ).toBe(false);
    expect(incidents.learn(alert, { ...seen, lastSeenAt: clock.now() - 1000 }, clock.now())).toBe(
      true,
    );
    // Known here now: a second report is not added twice.
    expect(incidents.learn(alert, { ...seen, lastSeenAt: clock.now() }, clock.now())).toBe(false);
    expect(manager.active()).toMatchObject([
      { fingerprint: 'disk-db1', count: 7, firstSeen: new Date(seen.firstEpoch), elsewhere: true },
    ]);

    // Only the entry whose route takes it, and that sends resolved notices, sends one.
    const results = await manager.resolve('disk-db1');
    expect(results.map((r) => [r.channel, r.status])).toEqual([['slack', 'sent']]);
    expect(channels.slack.received[0]).toMatchObject({
      title: 'Disk full',
      resolved: { count: 7 },
    });
    expect(channels.pager.received).toEqual([]);
    expect(manager.active()).toEqual([]);
  });
});
