import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../alert.js';
import { AlertManager } from '../alert-manager.js';

describe('addChannel `when`', () => {
  it('filters what the predicate refuses, besides the level and matchers', async () => {
    const channel = new MemoryChannel();
    const seen: string[] = [];
    const when = (alert: Alert) => {
      seen.push(alert.title);
      return alert.labels.team === 'db';
    };
    const manager = new AlertManager().addChannel(channel, {
      minLevel: 'warning',
      matchers: ['env="prod"'],
      when,
    });
    const results = await manager.send([
      { title: 'db prod', level: 'error', labels: { team: 'db', env: 'prod' } },
      { title: 'web prod', level: 'error', labels: { team: 'web', env: 'prod' } },
      { title: 'db dev', level: 'error', labels: { team: 'db', env: 'dev' } },
      { title: 'db info', level: 'info', labels: { team: 'db', env: 'prod' } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['sent']);
    expect(channel.received.map((a) => a.title)).toEqual(['db prod']);
    // Asked only about alerts that passed the level and the matchers.
    expect(seen).toEqual(['db prod', 'web prod']);
    expect(manager.stats.totalAlerts).toBe(4);
    expect(manager.stats.byChannel.memory).toMatchObject({ sent: 1, filtered: 3 });
    await manager.close();
  });

  it('is skipped by a send to the channel by name, as the level is', async () => {
    const channel = new MemoryChannel();
    const manager = new AlertManager().addChannel(channel, { when: () => false });
    expect(await manager.send({ title: 'x' })).toEqual([]);
    const [result] = await manager.send({ title: 'y' }, { channel: 'memory' });
    expect(result?.status).toBe('sent');
    await manager.close();
  });

  it('must be a function', () => {
    expect(() =>
      new AlertManager().addChannel(new MemoryChannel(), { when: 'team=db' as never }),
    ).toThrow('`when` must be a function (alert) => boolean; got string');
  });
});
