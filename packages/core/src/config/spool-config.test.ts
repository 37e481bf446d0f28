import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryChannel, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { loadConfig } from './load-config.js';

let channel: MemoryChannel;
const channelTypes = { memory: () => channel };

let dir: TempDir;
beforeEach(async () => {
  channel = new MemoryChannel({ name: 'memory' });
  dir = await tempDir({
    'conf/tocsin.config.yaml': `alerts:
  spool: { dir: ./spool, sync_interval: 250ms, max_alerts: 5000000 }
  channels:
    ops: { type: memory }
  presets:
    durable: { spool: { dir: /var/tmp/elsewhere, sync: always } }
    dev: { spool: false }
`,
  });
});
afterEach(async () => {
  await dir.remove();
});

describe('spool in a config file', () => {
  it('puts the folder beside the file, clamps the limits, and presets change or drop it', async () => {
    const warnings: string[] = [];
    const file = dir.file('conf/tocsin.config.yaml');
    const config = await loadConfig(file, {
      channelTypes,
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(config.spool).toEqual({
      dir: join(dir.path, 'conf', 'spool'),
      syncInterval: 0.25,
      maxAlerts: 1_000_000,
    });
    expect(warnings.join('\n')).toContain('spool.max_alerts');
    const logger = { warn() {} };
    const durable = await loadConfig(file, { channelTypes, logger, preset: 'durable' });
    expect(durable.spool).toMatchObject({ dir: '/var/tmp/elsewhere', sync: 'always' });
    expect((await loadConfig(file, { channelTypes, logger, preset: 'dev' })).spool).toBeUndefined();
  });

  it('builds a manager that journals what it sends', async () => {
    const file = dir.file('conf/tocsin.config.yaml');
    const manager = await AlertManager.fromConfig(file, { channelTypes, logger: { warn() {} } });
    await manager.send({ id: 'kept-1', title: 'Disk full' });
    const journal = readFileSync(join(dir.path, 'conf', 'spool', 'spool.jsonl'), 'utf8');
    expect(journal).toContain('"id":"kept-1"');
    expect(manager.stats.spool?.journaled).toBe(1);
    await manager.close();
  });

  it('names the path and what was expected', async () => {
    const error = await loadConfig(
      {
        alerts: {
          spool: { dir: 'x', sync: 'sometimes', fsync: true },
          channels: { ops: { type: 'memory' } },
        },
      },
      { channelTypes },
    ).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toContain(
      'alerts.spool.sync: expected one of batched, always; got "sometimes"',
    );
    expect(message).toContain('alerts.spool.fsync: unknown key; did you mean "sync"?');
  });
});
