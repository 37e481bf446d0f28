import { join } from 'node:path';
import { MemoryChannel, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { loadConfig } from './load-config.js';

const channelTypes = { memory: () => new MemoryChannel({ name: 'memory' }).failNext({}, 10) };

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir({
    'conf/tocsin.config.yaml': `alerts:
  dead_letters: { dir: ./undelivered, max_files: 500 }
  channels:
    max_retries: 0
    ops: { type: memory }
  presets:
    quiet: { dead_letters: false }
`,
  });
});
afterEach(async () => {
  await dir.remove();
});

describe('dead_letters in a config file', () => {
  it('puts the folder beside the file, clamps the limits, and a preset can turn it off', async () => {
    const warnings: string[] = [];
    const file = dir.file('conf/tocsin.config.yaml');
    const config = await loadConfig(file, {
      channelTypes,
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(config.deadLetters).toEqual({
      dir: join(dir.path, 'conf', 'undelivered'),
      maxFiles: 100,
    });
    expect(warnings.join('\n')).toContain('dead_letters.max_files');
    expect((await loadConfig(file, { channelTypes, preset: 'quiet' })).deadLetters).toBeUndefined();

    const manager = await AlertManager.fromConfig(file, { channelTypes, logger: { warn() {} } });
    await manager.send({ id: 'lost-1', title: 'Disk full' });
    expect((await manager.deadLetters?.list())?.map((l) => l.id)).toEqual(['lost-1@ops']);
    await manager.close();
  });

  it('names the path and what was expected', async () => {
    const error = await loadConfig(
      { alerts: { dead_letters: { folder: 'x' }, channels: { ops: { type: 'memory' } } } },
      { channelTypes },
    ).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toContain('alerts.dead_letters.dir: missing: expected a folder');
    expect(message).toContain(
      'alerts.dead_letters.folder: unknown key; expected one of: dir, max_file_bytes, max_files',
    );
  });

  it('an empty folder is one issue, not two', async () => {
    const error = await loadConfig(
      { alerts: { dead_letters: { dir: '' }, channels: { ops: { type: 'memory' } } } },
      { channelTypes },
    ).catch((e: unknown) => e);
    const lines = (error as Error).message
      .split('\n')
      .filter((l) => l.includes('dead_letters.dir'));
    expect(lines).toEqual(['  - alerts.dead_letters.dir: expected a folder, not an empty string']);
  });
});
