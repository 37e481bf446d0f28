import { type Channel, lazy, loadConfig, loadZod } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { defineLazyChannel } from './define-lazy-channel.js';

let built = 0;
const schema = lazy(() => {
  built++;
  const z = loadZod();
  return z.strictObject({ topic: z.string(), name: z.string().default('echo') });
});

const definition = defineLazyChannel({
  type: 'echo',
  lazySchema: schema,
  description: 'A channel for this test',
  create: (options): Channel => ({ name: options.name, send: async () => ({}) }),
});

describe('defineLazyChannel', () => {
  it('builds the schema only when it is asked for, and once', async () => {
    expect(built).toBe(0);
    expect(definition.schema).toBe(definition.schema);
    expect(built).toBe(1);
    expect(Object.keys(definition)).toContain('schema');
  });

  it('is a definition core loads a config with', async () => {
    const config = await loadConfig(
      { alerts: { channels: { e: { type: 'echo', topic: 'ops' } } } },
      { definitions: [definition] },
    );
    expect(config.channels.e?.options).toEqual({ topic: 'ops', name: 'e' });
  });
});
