// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

// A `type: telegram` entry of a config file, through core's loader and this package's definition.

const SECRET = 'cfgsecretTelegramToken0123456789';
const TOKEN = `110201543:${SECRET}`;
const { load, issues } = channelConfig(channelDefinition, [SECRET]);

describe('a telegram channel in a config file', () => {
  it('takes every option in snake_case, numbers from ${VAR} converted', async () => {
    const config = await load(
      {
        ops: {
          type: 'telegram',
          bot_token: '${BOT_TOKEN}',
          chat_id: '-1001234567890',
          message_thread_id: '${THREAD}',
          silent_below: 'error',
          api_url: 'https://api.telegram.org',
        },
      },
      { BOT_TOKEN: TOKEN, THREAD: '17' },
    );
    expect(config.channels.ops?.options).toMatchObject({
      botToken: TOKEN,
      chatId: '-1001234567890',
      messageThreadId: 17,
      silentBelow: 25,
      name: 'ops',
    });
    const masked = JSON.stringify(maskConfig(config));
    expect(masked).not.toContain(SECRET);
    expect(masked).toContain('"botToken":"***"');
    expect(JSON.stringify(config)).not.toContain(SECRET);
  });

  it('reads the token from `credentials: <name>`; a numeric chat id is kept as text', async () => {
    const config = await load(
      { ops: { type: 'telegram', credentials: 'telegram_bot', chat_id: 123456789 } },
      { TELEGRAM_BOT: TOKEN },
    );
    expect(config.channels.ops?.options).toMatchObject({ botToken: TOKEN, chatId: '123456789' });
  });

  it('reports refusals at the file path, in its spelling, never the token', async () => {
    expect(
      await issues({ ops: { type: 'telegram', bot_token: TOKEN, chat_id: '1', chats: '2' } }),
    ).toEqual([
      { path: 'alerts.channels.ops.chats', message: expect.stringMatching(/^unknown key/) },
    ]);
    expect(
      await issues({ ops: { type: 'telegram', bot_token: `x${SECRET}`, chat_id: '1' } }),
    ).toEqual([
      {
        path: 'alerts.channels.ops.bot_token',
        message: expect.stringMatching(/^`bot_token` must look like/),
      },
    ]);
    expect(await issues({ ops: { type: 'telegram', chat_id: '1' } })).toEqual([
      {
        path: 'alerts.channels.ops.bot_token',
        message: expect.stringMatching(/^`bot_token` is required/),
      },
    ]);
  });
});
