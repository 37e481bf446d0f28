import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { ConfigError } from '../errors/config-error.js';
import { loadConfig } from './load-config.js';

/** `memory` channels, one per key, failing when their options say `fails: true`. */
function memoryType(made: Map<string, MemoryChannel>) {
  return {
    memory: (options: Record<string, unknown>, { key }: { key: string }) => {
      const channel = new MemoryChannel({ name: key });
      if (options.fails) channel.failNext({ code: 'TOCSIN_NETWORK', message: 'down' }, 100);
      made.set(key, channel);
      return channel;
    },
  };
}

const alerts = {
  channels: {
    max_retries: 0,
    chat: { type: 'memory', fails: true, fallback: ['mail', 'sms'], optional: true },
    mail: { type: 'memory', fails: true, fallback_only: true },
    sms: { type: 'memory', fallback_only: true },
  },
};

describe('fallback, fallback_only and optional in a config file', () => {
  it('builds the tiers: a failing channel falls back through the list', async () => {
    const made = new Map<string, MemoryChannel>();
    const manager = await AlertManager.fromConfig({ alerts }, { channelTypes: memoryType(made) });
    const results = await manager.send({ title: 'Disk full' });
    expect(results).toEqual([
      expect.objectContaining({
        channel: 'chat',
        status: 'sent',
        tier: 2,
        deliveredBy: 'sms',
        optional: true,
      }),
    ]);
    expect(made.get('sms')?.received).toHaveLength(1);
    await manager.close();
  });

  it('names the path and the channels there are when a fallback names none', async () => {
    const made = new Map<string, MemoryChannel>();
    const error = await loadConfig(
      {
        alerts: {
          channels: { chat: { type: 'memory', fallback: 'mial' }, mail: { type: 'memory' } },
        },
      },
      { channelTypes: memoryType(made) },
    ).catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('alerts.channels.chat.fallback');
    expect((error as Error).message).toContain(
      'no channel is called "mial" (channels: chat, mail)',
    );
  });

  it('says what a fallback must be', async () => {
    const error = await loadConfig(
      { alerts: { channels: { chat: { type: 'memory', fallback: 3 } } } },
      { channelTypes: memoryType(new Map()) },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /alerts\.channels\.chat\.fallback.*expected a channel key or a list of them; got a number/s,
    );
  });
});
