// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { defineChannel, loadZod } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { channelConfig } from './channel-config.js';
import { MemoryChannel } from './memory-channel.js';

const SECRET = 'cfgsecret-room-key';

// A channel whose refusal of `room` quotes the value it was given, as a careless one would.
const definition = defineChannel({
  type: 'chatter',
  get schema() {
    const z = loadZod();
    return z.strictObject({
      room: z.string().refine((room) => !room.startsWith('bad'), {
        error: (issue) => `\`room\` is bad: ${String(issue.input)}`,
      }),
    });
  },
  secrets: ['room'],
  describeTarget: (options) => `room ${String(options.room)}`,
  create: () => new MemoryChannel(),
});

describe('channelConfig', () => {
  const config = channelConfig(definition, [SECRET]);

  it('loads the channels through the one definition, ${VAR} from env', async () => {
    const loaded = await config.load(
      { ops: { type: 'chatter', room: '${ROOM}' } },
      { ROOM: SECRET },
    );
    expect(loaded.channels.ops?.options).toEqual({ room: SECRET });
  });

  it('describes a loaded channel from its masked options, as `tocsin check` does', async () => {
    const loaded = await config.load({ ops: { type: 'chatter', room: SECRET } });
    expect(config.target(loaded, 'ops')).toBe('room ***');
    expect(() => config.target(loaded, 'other')).toThrow('no channel other in the config');
  });

  it('hands back the issues of a refusal that keeps the secrets out', async () => {
    expect(await config.issues({ ops: { type: 'chatter', rom: 'x' } })).toEqual([
      expect.objectContaining({ path: 'alerts.channels.ops.room' }),
      expect.objectContaining({ path: 'alerts.channels.ops.rom' }),
    ]);
  });

  it('fails when the config loads, and when a refusal shows a secret', async () => {
    await expect(config.issues({ ops: { type: 'chatter', room: 'ok' } })).rejects.toThrow(
      'expected a ConfigError, got undefined',
    );
    await expect(
      config.issues({ ops: { type: 'chatter', room: `bad-${SECRET}` } }),
    ).rejects.toThrow('the ConfigError shows secrets[0]');
  });
});
