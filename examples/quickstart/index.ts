/**
 * Quickstart (core only, for now): level routing, a throttle taking effect and a retry,
 * through in-memory channels. The full quickstart with local Slack, SMTP, Resend and
 * webhook sinks replaces this once the channel packages land.
 */
import { AlertManager, AlertThrottle } from '@tocsin/core';
import { MemoryChannel } from '@tocsin/core/testing';

const pager = new MemoryChannel({ name: 'pager' });
const chat = new MemoryChannel({ name: 'chat' });
chat.failNext({
  retryable: true,
  retryAfter: 0.2,
  statusCode: 429,
  message: 'chat: 429 rate_limited',
});

const manager = new AlertManager()
  .addChannel(chat, { minLevel: 'warning' })
  .addChannel(pager, { minLevel: 'critical', throttle: new AlertThrottle({ rate: 2, per: 60 }) });

const results = await manager.send([
  { title: 'Deploy finished', level: 'success' },
  { title: 'Disk 85% full', level: 'warning', labels: { host: 'db1' } },
  { title: 'Primary database unreachable', level: 'critical' },
  { title: 'Replica lag 10 min', level: 'critical' },
  { title: 'Queue backlog', level: 'critical' },
]);

for (const r of results) {
  console.log(
    `${r.channel.padEnd(6)} ${r.status.padEnd(9)} attempts=${r.attempts} ${r.error ?? ''}`,
  );
}
console.log(JSON.stringify(manager.stats, null, 2));
await manager.close();
