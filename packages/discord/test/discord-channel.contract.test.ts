import { startFakeHttpServer } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { DiscordChannel } from '../src/index.js';
import { discordReplies } from './discord-replies.js';
import { TOKEN, WEBHOOK_ID } from './harness.js';

testChannel('DiscordChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: discordReplies.ok });
  const webhookUrl = `${server.url}/api/webhooks/${WEBHOOK_ID}/${TOKEN}`;
  return {
    channel: new DiscordChannel({ webhookUrl }),
    received: () => server.requests.length,
    failNext(kind) {
      server.reply(
        kind === 'retryable'
          ? discordReplies.rateLimited()
          : kind === 'permanent'
            ? discordReplies.unknownWebhook
            : discordReplies.hang,
      );
    },
    secrets: [TOKEN, webhookUrl],
    teardown: () => server.close(),
  };
});
