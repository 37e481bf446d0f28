import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import type { AlertInput } from '../alert.js';
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
});
