import { startSmtpSink } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { EmailChannel } from '../src/index.js';

const PASSWORD = 'contract-s3cret-pass';

testChannel('EmailChannel over STARTTLS + AUTH', async () => {
  const sink = await startSmtpSink({ tls: true, auth: { user: 'alerts', pass: PASSWORD } });
  const channel = new EmailChannel({
    transport: sink.transportOptions,
    from: 'Tocsin <alerts@example.com>',
    to: 'oncall@example.com',
  });
  return {
    channel,
    received: () => sink.transactions,
    failNext(kind) {
      if (kind === 'retryable') sink.fail({ at: 'data', code: 451 });
      else if (kind === 'permanent') sink.fail({ at: 'data', code: 554 });
      else sink.fail({ at: 'data', delayMs: 60_000 });
    },
    secrets: [
      PASSWORD,
      Buffer.from(PASSWORD).toString('base64'),
      Buffer.from(`\u0000alerts\u0000${PASSWORD}`).toString('base64'),
    ],
    teardown: () => sink.close(),
  };
});
