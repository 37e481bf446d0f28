import { startFakeHttpServer } from '@tocsin/test-kit';
import transport from './dist/index.js';

const sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
const t0 = Date.now();
const stream = await transport({
  policy: false,
  config: { alerts: { channels: { hook: { type: 'webhook', url: `${sink.url}/a` } } } },
});
stream.write(JSON.stringify({ level: 50, msg: 'x' }) + '\n');
stream.end();
await new Promise((resolve) => stream.on('close', resolve));
console.log(
  'ended',
  Date.now() - t0,
  sink.requests.map((r) => r.status),
);
await sink.close();
