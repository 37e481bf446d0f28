/**
 * EmailChannel throughput: messages/s over pooled SMTP into a local smtp-server (test-kit's
 * SMTP sink, run in a child process so server and client do not share an event loop),
 * at 1 and 5 messages in flight, through `channel.send` and through `AlertManager.send`,
 * beside nodemailer used directly with the same pool settings and the same rendered
 * message, measured in the same run (rounds interleaved in rotating order, medians reported).
 *   pnpm bench email          (needs `pnpm build`: it loads the packages' dist)
 *   cd bench && node --import tsx email.bench.ts
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { renderEmail } from '@tocsin/channel-kit';
import { AlertManager, createAlert, type SendContext } from '@tocsin/core';
import { EmailChannel } from '@tocsin/email';
import { startSmtpSink } from '@tocsin/test-kit';
import nodemailer from 'nodemailer';
import { fmt, table } from './lib.js';

const MESSAGES = 200;
const ROUNDS = 11;
const MAX_CONNECTIONS = 5;

if (process.argv[2] === '--sink') await runSink();
else await main();

/** The child: core's SMTP sink, counting messages without keeping them. */
async function runSink(): Promise<void> {
  const sink = await startSmtpSink({ capture: 'none' });
  process.send?.({ port: sink.port });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'count') process.send?.({ accepted: sink.accepted });
    if (message.type === 'stop') void sink.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--sink'], { execArgv: process.execArgv });
  const { port } = await next<{ port: number }>(child);
  const smtp = { host: '127.0.0.1', port, ignoreTLS: true };
  const from = 'alerts@example.com';
  const to = 'oncall@example.com';

  const channel = new EmailChannel({
    transport: { ...smtp, maxConnections: MAX_CONNECTIONS },
    from,
    to,
  });
  const manager = new AlertManager({ logger: { warn: () => {} } }).addChannel(channel, {
    maxRetries: 0,
  });

  // The baseline: nodemailer's pool with the settings EmailChannel gives it, sending the
  // message EmailChannel would send (rendered once, outside the timing).
  const direct = nodemailer.createTransport({
    ...smtp,
    pool: true,
    maxConnections: MAX_CONNECTIONS,
    maxMessages: Number.POSITIVE_INFINITY,
    maxRequeues: 0,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const input = {
    title: 'Database connection lost',
    body: 'Primary unreachable for 30 s\nFailover to replica-2 started',
    level: 'critical',
    labels: { service: 'api', host: 'db-1', region: 'eu-west-1' },
  } as const;
  const alert = createAlert(input);
  const rendered = renderEmail(alert);
  const mail = {
    from,
    to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers: {
      'X-Tocsin-Alert-Id': alert.id,
      'X-Tocsin-Level': alert.levelName,
      'Auto-Submitted': 'auto-generated',
    },
    priority: 'high' as const,
  };
  const context: SendContext = {
    signal: new AbortController().signal,
    attempt: 1,
    timeoutMs: 30_000,
  };

  const variants = {
    nodemailer: () => direct.sendMail(mail),
    channel: () => channel.send(createAlert(input), context),
    manager: () => manager.send(input),
  };
  type Variant = keyof typeof variants;

  const rows: Array<Array<string | number>> = [];
  let sent = 0;
  for (const inFlight of [1, MAX_CONNECTIONS]) {
    const samples: Record<Variant, number[]> = { nodemailer: [], channel: [], manager: [] };
    const cpu: Record<Variant, number[]> = { nodemailer: [], channel: [], manager: [] };
    // Warm up: open the pools' connections and JIT the paths.
    for (const send of Object.values(variants)) sent += await run(send, 200, inFlight);
    const names = Object.keys(variants) as Variant[];
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round so no variant always runs first (or right after another).
      for (const name of names.map((_, i) => names[(i + round) % names.length] as Variant)) {
        const start = process.hrtime.bigint();
        const cpuStart = process.cpuUsage();
        sent += await run(variants[name], MESSAGES, inFlight);
        const used = process.cpuUsage(cpuStart);
        samples[name].push(Number(process.hrtime.bigint() - start) / 1e9);
        cpu[name].push((used.user + used.system) / MESSAGES);
      }
    }
    const rate = (name: Variant) => MESSAGES / median(samples[name]);
    const base = rate('nodemailer');
    const baseCpu = median(cpu.nodemailer);
    for (const [label, name] of [
      ['EmailChannel.send', 'channel'],
      ['AlertManager.send → EmailChannel', 'manager'],
    ] as const) {
      const ours = rate(name);
      const ourCpu = median(cpu[name]);
      rows.push([
        label,
        inFlight,
        fmt(ours),
        fmt(base),
        `${fmt((base / ours - 1) * 100, 1)} %`,
        `${fmt(ourCpu)} / ${fmt(baseCpu)}`,
        `${fmt((ourCpu / baseCpu - 1) * 100, 1)} %`,
      ]);
    }
  }

  child.send({ type: 'count' });
  const { accepted } = await next<{ accepted: number }>(child);
  await manager.close();
  direct.close();
  child.send({ type: 'stop' });

  console.log(
    `Messages/s over pooled SMTP (maxConnections ${MAX_CONNECTIONS}, maxMessages unlimited) into smtp-server on 127.0.0.1 in a child process; median of ${ROUNDS} rounds of ${MESSAGES} messages each, rounds interleaved in rotating order:\n`,
  );
  console.log(
    table(
      [
        'path',
        'in flight',
        'msgs/s (Tocsin)',
        'msgs/s (nodemailer direct)',
        'overhead (time)',
        'client CPU µs/msg (Tocsin / direct)',
        'overhead (CPU)',
      ],
      rows,
    ),
  );
  console.log(
    `\nThe sink accepted ${fmt(accepted)} of ${fmt(sent)} messages sent. Goal: overhead under 10 %. ` +
      'Wall-clock rates move with the load on the machine; the client CPU per message (this process only, the sink runs apart) is the steadier measure of what Tocsin adds.',
  );
  if (accepted !== sent) process.exitCode = 1;
}

/** Send `count` messages, keeping `inFlight` of them going at once; resolves with `count`. */
async function run(send: () => Promise<unknown>, count: number, inFlight: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      const result = await send();
      if (Array.isArray(result) && result[0]?.success !== true)
        throw new Error(`send failed: ${result[0]?.error}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
}
