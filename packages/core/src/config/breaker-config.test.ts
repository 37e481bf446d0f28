import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { ConfigError } from '../errors/config-error.js';
import { loadConfig } from './load-config.js';

const channelTypes = { memory: () => new MemoryChannel() };

describe('circuit_breaker in the config file', () => {
  it('reads true as the defaults and a mapping in seconds, presets merged; the manager breaks by it', async () => {
    const raw = {
      alerts: {
        channels: {
          ops: { type: 'memory', circuit_breaker: true },
          pager: {
            type: 'memory',
            circuit_breaker: { failure_threshold: 2, recovery_timeout: '5m' },
          },
          audit: { type: 'memory' },
        },
        presets: { dev: { channels: { ops: { circuit_breaker: false } } } },
      },
    };
    const config = await loadConfig(raw, { channelTypes });
    expect(config.channels.ops?.circuitBreaker).toEqual({
      failureThreshold: 5,
      recoveryTimeout: 60,
      successThreshold: 2,
    });
    expect(config.channels.pager?.circuitBreaker).toEqual({
      failureThreshold: 2,
      recoveryTimeout: 300,
      successThreshold: 2,
    });
    expect(config.channels.audit?.circuitBreaker).toBeUndefined();
    expect(
      (await loadConfig(raw, { channelTypes, preset: 'dev' })).channels.ops?.circuitBreaker,
    ).toBe(undefined);

    const pager = new MemoryChannel({ name: 'pager' });
    const manager = await AlertManager.fromConfig(
      { alerts: { channels: { pager: raw.alerts.channels.pager } } },
      { channelTypes: { memory: () => pager } },
    );
    pager.failNext({ code: 'TOCSIN_NETWORK' }, 6);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await manager.send({ title: 'x' }, { channel: 'pager' }))[0]?.status);
    // max_retries 2 by default: each failed delivery is 3 attempts; two open the circuit.
    expect(statuses).toEqual(['failed', 'failed', 'circuit_open']);
    expect(pager.attempts).toBe(6);
    expect(manager.stats.byChannel.pager?.circuit).toBe('open');
  });

  it('reports a bad value at its path', async () => {
    const bad = async (value: unknown) => {
      const error = await loadConfig(
        { alerts: { channels: { ops: { type: 'memory', circuit_breaker: value } } } },
        { channelTypes },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(await bad('yes')).toEqual([
      'alerts.channels.ops.circuit_breaker: expected true, false or a mapping { failure_threshold, recovery_timeout, success_threshold }; got a string',
    ]);
    expect((await bad({ recovery_timeout: 'soon' }))[0]).toMatch(
      /^alerts\.channels\.ops\.circuit_breaker\.recovery_timeout: expected a duration/,
    );
  });
});
