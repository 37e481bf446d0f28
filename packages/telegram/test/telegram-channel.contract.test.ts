import { testChannel } from '@tocsin/test-kit/vitest';
import { TelegramChannel } from '../src/index.js';
import { CHAT, startFakeTelegram, TOKEN, TOKEN_SECRET } from './harness.js';
import { telegramReplies } from './telegram-replies.js';

testChannel('TelegramChannel', async () => {
  const server = await startFakeTelegram();
  return {
    channel: new TelegramChannel({ botToken: TOKEN, chatId: CHAT, apiUrl: server.url }),
    received: () => server.requests.length,
    failNext(kind) {
      server.reply(
        kind === 'retryable'
          ? telegramReplies.tooManyRequests()
          : kind === 'permanent'
            ? telegramReplies.blocked
            : telegramReplies.hang,
      );
    },
    secrets: [TOKEN, TOKEN_SECRET],
    teardown: () => server.close(),
  };
});
