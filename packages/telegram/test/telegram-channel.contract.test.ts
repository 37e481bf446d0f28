import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { TelegramChannel } from '../src/index.js';
import { CHAT, startFakeTelegram, TOKEN, TOKEN_SECRET } from './harness.js';
import { telegramReplies } from './telegram-replies.js';

testChannel('TelegramChannel', async () => {
  const server = await startFakeTelegram();
  return fakeHttpHarness(
    server,
    new TelegramChannel({ botToken: TOKEN, chatId: CHAT, apiUrl: server.url }),
    {
      retryable: telegramReplies.tooManyRequests(),
      permanent: telegramReplies.blocked,
      hang: telegramReplies.hang,
    },
    [TOKEN, TOKEN_SECRET],
  );
});
