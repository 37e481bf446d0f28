/**
 * The burst policy (AlpineBits' threshold, buffer and cooldown), step by step on a clock
 * you can see: a `FakeClock` moves only when told, so 50 minutes of policy run instantly.
 *   1. 3 errors are buffered; 15 minutes after the first, "3 alerts (buffered)" goes out.
 *   2. After the cooldown, 5 errors in a few seconds reach the threshold:
 *      "5 alerts (threshold exceeded)" goes out at once.
 *   3. 6 more errors during the cooldown that follows are held, and go out when it ends.
 * Each message is printed as it is delivered (the manager's `digest` event).
 *
 *   pnpm start
 */
import { type AlertInput, AlertManager, type AlertResult } from '@tocsin/core';
import { section } from '@tocsin/example-shared/console';
import { FakeClock, MemoryChannel } from '@tocsin/test-kit';

const MINUTE = 60_000;
const clock = new FakeClock();
const channel = new MemoryChannel({ name: 'pager' });
const manager = new AlertManager({ clock }).addChannel(channel, {
  // Title and level make an error's kind, whatever the host: the digest counts hosts per kind.
  fingerprint: [],
  burst: { threshold: 5, buffer: '15m', cooldown: '15m' },
});

/** T+mm:ss on the fake clock. */
const at = (ms = clock.now()) => {
  const seconds = Math.round(ms / 1000);
  return `T+${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};

const delivered: Array<{ at: string; title: string; total: number }> = [];
/** Lines about deliveries, printed after the step that set them off. */
let deliveryLines: string[] = [];
manager.on('digest', ({ digest, result }) => {
  const title = channel.received.at(-1)?.title ?? '';
  delivered.push({ at: at(), title, total: digest.total });
  deliveryLines.push(`  [${at()}] >>> delivered (${result.status}): "${title}"`);
  for (const entry of digest.entries) {
    const hosts = entry.counts.map(([host, n]) => `${host} ${n}`).join(', ');
    deliveryLines.push(`               ${entry.count}X ${entry.alert.title} (${hosts})`);
  }
});
function printDeliveries(): void {
  for (const line of deliveryLines) console.log(line);
  deliveryLines = [];
}

/** Move the fake clock to `ms` from the start, a second at a time, letting deliveries finish. */
async function advanceTo(ms: number): Promise<void> {
  await clock.advanceAsync(ms - clock.now(), 1000);
  printDeliveries();
}

let errors = 0;
/** One error from host1 or host2, sent now; prints its status. */
async function error(title: string): Promise<AlertResult | undefined> {
  const alert: AlertInput = {
    title,
    level: 'error',
    labels: { host: ++errors % 3 === 0 ? 'host2' : 'host1' },
  };
  const [result] = await manager.send(alert);
  console.log(`  [${at()}] error #${errors} "${title}": ${result?.status}`);
  // A turn of the event loop: a digest this alert set off is delivered before time moves.
  await new Promise((resolve) => setImmediate(resolve));
  printDeliveries();
  return result;
}

console.log(
  'Tocsin error-burst: an entry with `burst: { threshold: 5, buffer: 15m, cooldown: 15m }`, on a fake clock',
);

section('1. 3 errors: below the threshold, they wait in the buffer');
await error('Payment API timeout');
await advanceTo(1 * MINUTE);
await error('Payment API timeout');
await advanceTo(2 * MINUTE);
await error('Card declined spike');
console.log(`  [${at()}] nothing delivered yet: the buffer goes 15 min after its first alert`);
await advanceTo(15 * MINUTE);
console.log(`  [${at()}] the cooldown runs until ${at(30 * MINUTE)}`);

section('2. After the cooldown, 5 errors within seconds: the threshold sends them at once');
await advanceTo(31 * MINUTE);
for (let i = 0; i < 5; i++) {
  await error('Checkout 500');
  await advanceTo(clock.now() + 1000);
}
const thresholdSentAt = 31 * MINUTE + 4000;
console.log(`  [${at()}] the cooldown runs until ${at(thresholdSentAt + 15 * MINUTE)}`);

section('3. 6 more errors during the cooldown: held until it ends');
for (const minute of [33, 35, 37, 39, 41, 43]) {
  await advanceTo(minute * MINUTE);
  await error(minute < 40 ? 'Checkout 500' : 'Inventory sync failed');
}
await advanceTo(thresholdSentAt + 15 * MINUTE - 1000);
console.log(`  [${at()}] still held: ${manager.stats.digests.pendingAlerts} alerts pending`);
await advanceTo(thresholdSentAt + 15 * MINUTE);

await manager.close();
const stats = manager.stats;
console.log(
  `\nStats: totalAlerts ${stats.totalAlerts}, totalGrouped ${stats.totalGrouped}, digests.sent ${stats.digests.sent}, pending ${stats.digests.pendingAlerts}`,
);

// The sequence narrated above, exactly.
const expected = [
  { at: 'T+15:00', title: '3 alerts (buffered)', total: 3 },
  { at: 'T+31:04', title: '5 alerts (threshold exceeded)', total: 5 },
  { at: 'T+46:04', title: '6 alerts (threshold exceeded)', total: 6 },
];
const problems: string[] = [];
if (JSON.stringify(delivered) !== JSON.stringify(expected))
  problems.push(
    `delivered ${JSON.stringify(delivered)}\n    expected  ${JSON.stringify(expected)}`,
  );
if (stats.totalGrouped !== 14 || stats.digests.sent !== 3 || channel.received.length !== 3)
  problems.push(
    `expected 14 alerts grouped into 3 messages; got ${stats.totalGrouped} grouped, ${stats.digests.sent} digests, ${channel.received.length} messages`,
  );
if (problems.length > 0) {
  console.error(`\nerror-burst did not behave as narrated:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('\nThe sequence is as narrated: 3 messages for 14 errors.');
