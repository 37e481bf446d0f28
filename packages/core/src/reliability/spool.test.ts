import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock, MemoryChannel, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../alert.js';
import { AlertManager } from '../alert-manager.js';
import type { AlertManagerOptions } from '../alert-manager-options.js';
import type { Channel, ChannelReceipt } from '../channel.js';
import type { Logger } from '../logger.js';
import type { DeadLetter, DeadLetterStore } from './dead-letters.js';

/** A channel whose deliveries wait until the test lets them go (at its end at the latest). */
class GateChannel implements Channel {
  readonly received: Alert[] = [];
  private readonly held: Array<() => void> = [];
  constructor(readonly name = 'gate') {
    gates.push(this);
  }
  send(alert: Alert): Promise<ChannelReceipt> {
    return new Promise((resolve) => {
      this.held.push(() => {
        this.received.push(alert);
        resolve({});
      });
    });
  }
  get waiting(): number {
    return this.held.length;
  }
  releaseAll(): void {
    for (const go of this.held.splice(0)) go();
  }
}

/** A dead-letter store whose writes reach the disk when the test says (a slow disk). */
class GatedLetters implements DeadLetterStore {
  readonly queued: DeadLetter[] = [];
  private written: () => void = () => {};
  private writing: Promise<void> | undefined;
  write(letter: DeadLetter): void {
    this.queued.push(letter);
    this.writing ??= new Promise((resolve) => {
      this.written = resolve;
    });
  }
  writeAll(): void {
    this.written();
    this.writing = undefined;
  }
  async flush(): Promise<void> {
    await this.writing;
  }
  async list(): Promise<DeadLetter[]> {
    return this.queued;
  }
  async markReplayed(): Promise<void> {}
}

function warnings(): Logger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

let dirs: TempDir[] = [];
let managers: AlertManager[] = [];
let gates: GateChannel[] = [];
let clocks: FakeClock[] = [];
beforeEach(() => {
  dirs = [];
  managers = [];
  gates = [];
  clocks = [];
});
afterEach(async () => {
  for (const gate of gates) gate.releaseAll();
  const closing = Promise.all(managers.map((manager) => manager.close({ timeout: 0 })));
  // Retries waiting on a fake clock end when its close timeout passes.
  for (const clock of clocks) clock.advance(1);
  await closing;
  await Promise.all(dirs.map((dir) => dir.remove()));
});

function fakeClock(): FakeClock {
  const clock = new FakeClock();
  clocks.push(clock);
  return clock;
}

async function folder(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir.path;
}

function manager(options: AlertManagerOptions): AlertManager {
  const made = new AlertManager({ logger: warnings(), ...options });
  managers.push(made);
  return made;
}

/** What a kill of the process at this instant leaves on the disk: a copy of the journal. */
async function killedNow(dir: string): Promise<string> {
  const copy = await folder();
  copyFileSync(join(dir, 'spool.jsonl'), join(copy, 'spool.jsonl'));
  return copy;
}

function journal(dir: string): Array<Record<string, unknown>> {
  return readFileSync(join(dir, 'spool.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

describe('the durable spool', () => {
  it('journals each alert before its delivery starts and keeps nothing once all are delivered', async () => {
    const dir = await folder();
    const seenOnDisk: boolean[] = [];
    const channel: Channel = {
      name: 'checks',
      async send(alert) {
        seenOnDisk.push(readFileSync(join(dir, 'spool.jsonl'), 'utf8').includes(alert.id));
        return {};
      },
    };
    const m = manager({ spool: { dir } }).addChannel(channel);
    const results = await m.send([{ title: 'one' }, { title: 'two' }, { title: 'three' }]);
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(seenOnDisk).toEqual([true, true, true]);
    await turn();
    const done = journal(dir).filter((line) => 'd' in line);
    expect(done).toHaveLength(3);
    expect(m.stats.spool).toEqual({
      pending: 0,
      journaled: 3,
      recovered: 0,
      unjournaled: 0,
      writeErrors: 0,
    });
    await m.close();
    expect(readFileSync(join(dir, 'spool.jsonl'), 'utf8')).toBe('');
  });

  it('with sync always, each send waits for the disk, then delivers as usual', async () => {
    const dir = await folder();
    const channel = new MemoryChannel();
    const m = manager({ spool: { dir, sync: 'always' } }).addChannel(channel);
    const results = await Promise.all([m.send({ title: 'a' }), m.send({ title: 'b' })]);
    expect(results.flat().map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(channel.received.map((a) => a.title)).toEqual(['a', 'b']);
    expect(m.stats.totalSent).toBe(2);
  });

  it('after a kill, the next manager on the folder sends what was in flight, under the same ids', async () => {
    const dir = await folder();
    const gate = new GateChannel('hook');
    const first = manager({ spool: { dir } }).addChannel(gate, { key: 'hook' });
    const sending = first.send([
      { title: 'disk full', labels: { host: 'db1' }, level: 'error' },
      { title: 'disk full', labels: { host: 'db2' }, level: 'error' },
      { title: 'slow queries', body: 'p95 4 s', source: 'pg', dedupKey: 'pg-slow' },
    ]);
    await turn();
    expect(gate.waiting).toBe(3);
    const ids = journal(dir).map((line) => (line.a as { id: string }).id);
    const left = await killedNow(dir);

    const channel = new MemoryChannel({ name: 'hook' });
    const second = manager({ spool: { dir: left } }).addChannel(channel, { key: 'hook' });
    const recovery = await second.recoverSpool();
    expect(recovery.alerts).toBe(3);
    expect(recovery.results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(channel.received.map((a) => a.id)).toEqual(ids);
    const [a, , c] = channel.received as [Alert, Alert, Alert];
    expect(a).toMatchObject({ title: 'disk full', level: 25, labels: { host: 'db1' } });
    expect(c).toMatchObject({ body: 'p95 4 s', source: 'pg', dedupKey: 'pg-slow' });
    const stats = second.stats;
    expect(stats.totalAlerts).toBe(3);
    expect(stats.totalSent).toBe(3);
    expect(stats.spool).toMatchObject({ recovered: 3, pending: 0 });
    gate.releaseAll();
    await sending;
  });

  it('recovers on its own once the channels are added, in the same turn', async () => {
    const dir = await folder();
    const gate = new GateChannel();
    manager({ spool: { dir } }).addChannel(gate, { key: 'hook' }).send({ title: 'in flight' });
    const left = await killedNow(dir);
    const channel = new MemoryChannel();
    const logger = warnings();
    manager({ spool: { dir: left }, logger }).addChannel(channel, { key: 'hook' });
    await turn();
    await turn();
    expect(channel.received.map((a) => a.title)).toEqual(['in flight']);
    expect(logger.messages.join('\n')).toMatch(/sending 1 alert again from the spool/);
    gate.releaseAll();
  });

  it('sends an alert that waited in backoff, under its original id and timestamp', async () => {
    const dir = await folder();
    const clock = fakeClock();
    const failing = new MemoryChannel().failNext({ retryAfter: 60 }, 3);
    const first = manager({ spool: { dir }, clock }).addChannel(failing, { key: 'hook' });
    const timestamp = new Date('2026-12-01T10:00:00Z');
    void first.send({ title: 'payment failed', timestamp });
    await turn();
    const [id] = journal(dir).map((line) => (line.a as { id: string }).id);
    expect(failing.attempts).toBe(1);
    const left = await killedNow(dir);
    const channel = new MemoryChannel();
    const second = manager({ spool: { dir: left } }).addChannel(channel, { key: 'hook' });
    await second.recoverSpool();
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]?.timestamp.toISOString()).toBe(timestamp.toISOString());
    expect(channel.received[0]?.id).toBe(id);
  });

  it('puts grouped alerts back into their group: one digest counts them all', async () => {
    const dir = await folder();
    const clock = fakeClock();
    const group = { by: ['service'], wait: 3600 };
    const first = manager({ spool: { dir }, clock }).addChannel(new MemoryChannel(), {
      key: 'digest',
      group,
    });
    for (let i = 0; i < 10; i++)
      await first.send({ title: `timeout ${i % 3}`, labels: { service: 'api', host: `h${i}` } });
    expect(first.stats.totalGrouped).toBe(10);
    expect(first.stats.spool?.pending).toBe(10);
    const left = await killedNow(dir);

    const channel = new MemoryChannel();
    const second = manager({ spool: { dir: left }, clock: fakeClock() }).addChannel(channel, {
      key: 'digest',
      group,
    });
    const recovery = await second.recoverSpool();
    expect(recovery.results.map((r) => r.status)).toEqual(Array(10).fill('grouped'));
    await second.close();
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]?.digest?.total).toBe(10);
    expect(second.stats.digests.sent).toBe(1);
    expect(readFileSync(join(left, 'spool.jsonl'), 'utf8')).toBe('');
  });

  it('marks grouped alerts done when their digest is sent', async () => {
    const dir = await folder();
    const clock = fakeClock();
    const channel = new MemoryChannel();
    const m = manager({ spool: { dir }, clock }).addChannel(channel, { group: { wait: 30 } });
    await m.send([{ title: 'a' }, { title: 'b' }]);
    expect(m.stats.spool?.pending).toBe(2);
    await clock.advanceAsync(30_000, 1000);
    await turn();
    expect(channel.received).toHaveLength(1);
    expect(m.stats.spool?.pending).toBe(0);
  });

  it('marks a failed alert done only once its dead letter is written; a kill before sends it again', async () => {
    const dir = await folder();
    const letters = new GatedLetters();
    const refusing = new MemoryChannel({ name: 'hook' });
    refusing.failNext({ retryable: false, code: 'TOCSIN_REJECTED', message: 'refused' });
    const clock = fakeClock();
    const m = manager({ spool: { dir }, deadLetters: letters, clock }).addChannel(refusing, {
      key: 'hook',
      maxRetries: 0,
    });
    const [failed] = await m.send({ title: 'payment refused', level: 'error' });
    expect(failed?.status).toBe('failed');
    expect(letters.queued).toHaveLength(1);
    await turn();
    // The letter is not on the disk yet: neither is the done mark.
    expect(m.stats.spool?.pending).toBe(1);
    const left = await killedNow(dir);
    letters.writeAll();
    await turn();
    expect(m.stats.spool?.pending).toBe(0);
    await turn();
    expect(journal(dir).some((line) => 'd' in line)).toBe(true);

    const channel = new MemoryChannel({ name: 'hook' });
    const second = manager({ spool: { dir: left } }).addChannel(channel, { key: 'hook' });
    expect((await second.recoverSpool()).alerts).toBe(1);
    expect(channel.received.map((a) => a.title)).toEqual(['payment refused']);
  });

  it("marks the alerts of a failed digest done once the digest's dead letter is written", async () => {
    const dir = await folder();
    const letters = new GatedLetters();
    const clock = fakeClock();
    const refusing = new MemoryChannel({ name: 'hook' });
    refusing.failNext({ retryable: false, code: 'TOCSIN_REJECTED', message: 'refused' });
    const m = manager({ spool: { dir }, deadLetters: letters, clock }).addChannel(refusing, {
      maxRetries: 0,
      group: { wait: 30 },
    });
    await m.send([{ title: 'a' }, { title: 'b' }]);
    await clock.advanceAsync(30_000, 1000);
    await turn();
    expect(letters.queued).toHaveLength(1);
    expect(m.stats.spool?.pending).toBe(2);
    letters.writeAll();
    await turn();
    expect(m.stats.spool?.pending).toBe(0);
  });

  it('after a kill, an alert delivered on one entry and grouped on another goes only to the group', async () => {
    const dir = await folder();
    const clock = fakeClock();
    const first = manager({ spool: { dir }, clock })
      .addChannel(new MemoryChannel(), { key: 'now' })
      .addChannel(new MemoryChannel(), { key: 'digest', group: { wait: 3600 } });
    await first.send({ title: 'cert expires soon' });
    await turn();
    expect(journal(dir).some((line) => 'x' in line)).toBe(true);
    const left = await killedNow(dir);

    const now = new MemoryChannel();
    const digest = new MemoryChannel();
    const second = manager({ spool: { dir: left }, clock: fakeClock() })
      .addChannel(now, { key: 'now' })
      .addChannel(digest, { key: 'digest', group: { wait: 3600 } });
    await second.recoverSpool();
    await second.close();
    expect(now.received).toHaveLength(0);
    expect(digest.received.map((a) => a.title)).toEqual(['cert expires soon']);
  });

  it('applies the route filter again after a restart, but not the dedup it passed before', async () => {
    const dir = await folder();
    const gate = new GateChannel();
    const first = manager({ spool: { dir } })
      .addChannel(gate, { key: 'all', repeatInterval: 3600 })
      .addChannel(new MemoryChannel(), { key: 'errors', minLevel: 'error' });
    await Promise.race([first.send({ title: 'queue lag' }), turn()]);
    // Deduplicated: done at once (its mark written in the next turn), so not sent again.
    await first.send({ title: 'queue lag' });
    await turn();
    const left = await killedNow(dir);

    const all = new MemoryChannel();
    const errors = new MemoryChannel();
    const second = manager({ spool: { dir: left } })
      .addChannel(all, { key: 'all', repeatInterval: 3600 })
      .addChannel(errors, { key: 'errors', minLevel: 'error' });
    await second.recoverSpool();
    expect(all.received.map((a) => a.title)).toEqual(['queue lag']);
    expect(errors.received).toHaveLength(0);
    expect(second.stats.byChannel.errors?.filtered).toBe(1);
    gate.releaseAll();
  });

  it('sends an alert sent to one channel by name back to that channel alone', async () => {
    const dir = await folder();
    const gate = new GateChannel();
    const first = manager({ spool: { dir } })
      .addChannel(gate, { key: 'pager', minLevel: 'critical' })
      .addChannel(new MemoryChannel(), { key: 'chat' });
    void first.send({ title: 'test page' }, { channel: 'pager' });
    const left = await killedNow(dir);
    const pager = new MemoryChannel();
    const chat = new MemoryChannel();
    const second = manager({ spool: { dir: left } })
      .addChannel(pager, { key: 'pager', minLevel: 'critical' })
      .addChannel(chat, { key: 'chat' });
    await second.recoverSpool();
    expect(pager.received.map((a) => a.title)).toEqual(['test page']);
    expect(chat.received).toHaveLength(0);
    gate.releaseAll();
  });

  it('keeps alerts for channels not added yet until recoverSpool finds them', async () => {
    const dir = await folder();
    const gate = new GateChannel();
    void manager({ spool: { dir } })
      .addChannel(gate, { key: 'late' })
      .send({ title: 'x' }, { channel: 'late' });
    const left = await killedNow(dir);
    const logger = warnings();
    const second = manager({ spool: { dir: left }, logger });
    expect(await second.recoverSpool()).toMatchObject({ alerts: 0, waiting: 1 });
    expect(logger.messages.join('\n')).toMatch(
      /1 alert in the spool .* wait for channels not added/,
    );
    const channel = new MemoryChannel();
    second.addChannel(channel, { key: 'late' });
    expect(await second.recoverSpool()).toMatchObject({ alerts: 1, waiting: 0 });
    expect(channel.received).toHaveLength(1);
    gate.releaseAll();
  });

  it('skips a line torn by a crash, with a warning, and recovers the others', async () => {
    const dir = await folder();
    const whole = {
      n: 0,
      a: { id: 'a-1', title: 'whole', body: '', level: 20, labels: {}, timestamp: 0 },
    };
    writeFileSync(join(dir, 'spool.jsonl'), `${JSON.stringify(whole)}\n{"n":1,"a":{"id":"a-2","ti`);
    const logger = warnings();
    const channel = new MemoryChannel();
    const m = manager({ spool: { dir }, logger }).addChannel(channel);
    await m.recoverSpool();
    expect(channel.received.map((a) => a.id)).toEqual(['a-1']);
    expect(logger.messages.join('\n')).toMatch(/1 unreadable line \(torn by a crash\?\): skipped/);
    // The journal starts clean: new lines are whole lines.
    await m.send({ title: 'next' });
    expect(journal(dir).length).toBeGreaterThan(0);
  });

  it('compacts the journal past its bound, keeping the alerts not done', async () => {
    const dir = await folder();
    const gate = new GateChannel();
    const m = manager({ spool: { dir, maxFileBytes: 65_536 } })
      .addChannel(gate, { key: 'slow', minLevel: 'critical' })
      .addChannel(new MemoryChannel(), { key: 'fast' });
    void m.send({ title: 'stuck', level: 'critical' }, { channel: 'slow' });
    for (let i = 0; i < 40; i++)
      await m.send(Array.from({ length: 50 }, (_, j) => ({ title: `alert ${i}.${j}` })));
    await turn();
    expect(statSync(join(dir, 'spool.jsonl')).size).toBeLessThan(2 * 65_536);
    const left = await killedNow(dir);
    const slow = new MemoryChannel();
    const second = manager({ spool: { dir: left } })
      .addChannel(slow, { key: 'slow', minLevel: 'critical' })
      .addChannel(new MemoryChannel(), { key: 'fast' });
    expect((await second.recoverSpool()).alerts).toBe(1);
    expect(slow.received.map((a) => a.title)).toEqual(['stuck']);
    gate.releaseAll();
  });

  it('refuses a folder another live manager holds, and takes over one a killed process left', async () => {
    const dir = await folder();
    manager({ spool: { dir } });
    expect(() => new AlertManager({ spool: { dir } })).toThrow(
      /spool folder .* is in use by another AlertManager of this process/,
    );
    const other = await folder();
    writeFileSync(join(other, 'spool.lock'), String(process.ppid));
    expect(() => new AlertManager({ spool: { dir: other } })).toThrow(
      new RegExp(`in use by process ${process.ppid}`),
    );
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(join(other, 'spool.lock'), String(dead));
    expect(() => manager({ spool: { dir: other } })).not.toThrow();
  });

  it('counts every recovered alert once, and the stats add up', async () => {
    const dir = await folder();
    const gate = new GateChannel();
    void manager({ spool: { dir } })
      .addChannel(gate, { key: 'a' })
      .addChannel(new GateChannel(), { key: 'b', minLevel: 'warning' })
      .send([{ title: 'info' }, { title: 'warn', level: 'warning' }]);
    const left = await killedNow(dir);
    const second = manager({ spool: { dir: left } })
      .addChannel(new MemoryChannel(), { key: 'a' })
      .addChannel(new MemoryChannel().failNext({ retryable: false }), {
        key: 'b',
        minLevel: 'warning',
      });
    await second.recoverSpool();
    const s = second.stats;
    expect(s.totalAlerts).toBe(2);
    // Two alerts on 'a', one on 'b' (the other filtered there): one status each.
    expect(s.totalSent + s.totalFailed + s.totalFiltered).toBe(4);
    expect(s.totalFailed).toBe(1);
    expect(s.spool?.pending).toBe(0);
    gate.releaseAll();
  });

  it('keeps no channel settings in the journal', async () => {
    const dir = await folder();
    const secret = 'https://hooks.example.com/T000/B000/s3cr3t-token';
    const channel = Object.assign(new MemoryChannel(), { webhookUrl: secret });
    const m = manager({ spool: { dir } }).addChannel(channel);
    await m.send({ title: 'x' });
    expect(readFileSync(join(dir, 'spool.jsonl'), 'utf8')).not.toContain('s3cr3t');
  });

  it('says clearly what is wrong with its options', () => {
    expect(() => new AlertManager({ spool: {} as never })).toThrow(/`spool` needs a `dir`/);
    expect(() => new AlertManager({ spool: { dir: '/tmp/x', sync: 'often' as never } })).toThrow(
      /`spool.sync` must be 'batched' or 'always'; got often/,
    );
  });

  it('past maxAlerts tracked, delivers without journaling, with one warning', async () => {
    const dir = await folder();
    const logger = warnings();
    const channel = new MemoryChannel();
    const m = manager({ spool: { dir, maxAlerts: 1 }, logger }).addChannel(channel);
    const gate = new GateChannel();
    m.addChannel(gate, { key: 'slow', minLevel: 'critical' });
    void m.send({ title: 'held', level: 'critical' }, { channel: 'slow' });
    await m.send([{ title: 'a' }, { title: 'b' }]);
    expect(channel.received.map((a) => a.title)).toEqual(['a', 'b']);
    expect(m.stats.spool?.unjournaled).toBe(2);
    expect(logger.messages.filter((w) => /journals no new alert/.test(w))).toHaveLength(1);
    gate.releaseAll();
  });
});
