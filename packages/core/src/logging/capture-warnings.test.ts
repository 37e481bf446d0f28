import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { captureErrors } from './capture-errors.js';

const warned = () => new Promise((resolve) => setImmediate(resolve));

describe('captureErrors: warnings', () => {
  it("forwards process warnings but never Tocsin's own, and release() removes every handler", async () => {
    const channel = new MemoryChannel({ name: 'ops' });
    const manager = new AlertManager({ logger: { warn: () => {} } }).addChannel(channel);
    const listeners = () =>
      ['uncaughtException', 'unhandledRejection', 'warning'].map((e) => process.listenerCount(e));
    const before = listeners();
    const release = captureErrors(manager, { warnings: true, labels: { service: 'api' } });
    expect(listeners()).toEqual(before.map((n) => n + 1));

    process.emitWarning('the pool is almost exhausted', { type: 'PoolWarning' });
    process.emitWarning('limit clamped', { type: 'TocsinWarning', code: 'TOCSIN_LIMIT' });
    await warned();
    await manager.close();
    expect(channel.received.map((a) => [a.title, a.level, a.labels])).toEqual([
      ['PoolWarning: the pool is almost exhausted', 20, { service: 'api' }],
    ]);
    expect(channel.received[0]?.body).toContain(
      'PoolWarning: the pool is almost exhausted\n    at ',
    );

    release();
    expect(listeners()).toEqual(before);
  });

  it('refuses an exitTimeout out of range, naming it', () => {
    const manager = new AlertManager();
    expect(() => captureErrors(manager, { exitTimeout: 120 })).toThrow(
      /`exitTimeout` must be a number of seconds from 0 to 60; got 120/,
    );
  });
});
