import { startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { DiscordChannel } from '../src/index.js';
import { discordReplies } from './discord-replies.js';
import { TOKEN, WEBHOOK_ID } from './harness.js';

testChannel('DiscordChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: discordReplies.ok });
  const webhookUrl = `${server.url}/api/webhooks/${WEBHOOK_ID}/${TOKEN}`;
  return fakeHttpHarness(
    server,
    new DiscordChannel({ webhookUrl }),
    {
      retryable: discordReplies.rateLimited(),
      permanent: discordReplies.unknownWebhook,
      hang: discordReplies.hang,
    },
    [TOKEN, webhookUrl],
  );
});
