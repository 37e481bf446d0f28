import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { loadConfig } from './load-config.js';

const channelTypes = { memory: () => new MemoryChannel({ name: 'memory' }) };
const channels = { ops: { type: 'memory' } };

describe('close_on_signals in a config file', () => {
  it('reads true, or a timeout and signals, and a preset can turn it off', async () => {
    const alerts = {
      close_on_signals: { timeout: '20s', signals: ['SIGTERM'] },
      channels,
      presets: { dev: { close_on_signals: false }, plain: { close_on_signals: true } },
    };
    expect((await loadConfig({ alerts }, { channelTypes })).closeOnSignals).toEqual({
      timeout: 20,
      signals: ['SIGTERM'],
    });
    expect(
      (await loadConfig({ alerts }, { channelTypes, preset: 'plain' })).closeOnSignals,
    ).toEqual({});
    expect(
      (await loadConfig({ alerts }, { channelTypes, preset: 'dev' })).closeOnSignals,
    ).toBeUndefined();
  });

  it('makes fromConfig listen to the signals', async () => {
    const before = process.listeners('SIGHUP');
    const manager = await AlertManager.fromConfig(
      { alerts: { close_on_signals: { signals: ['SIGHUP'] }, channels } },
      { channelTypes },
    );
    const added = process.listeners('SIGHUP').filter((listener) => !before.includes(listener));
    expect(added).toHaveLength(1);
    for (const listener of added) process.off('SIGHUP', listener);
    await manager.close();
  });

  it('names the path and what was expected', async () => {
    const error = await loadConfig(
      { alerts: { close_on_signals: { signals: ['SIGKILL'] }, channels } },
      { channelTypes },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      'alerts.close_on_signals.signals[0]: expected one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR2; got "SIGKILL"',
    );
  });
});
