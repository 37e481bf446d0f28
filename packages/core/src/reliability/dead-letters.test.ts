import { appendFile, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeClock, MemoryChannel, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { FileDeadLetters } from './dead-letter-file.js';
import type { DeadLetter } from './dead-letters.js';

const REFUSED = { code: 'TOCSIN_NETWORK', message: 'slack: connect ECONNREFUSED' } as const;

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

function setup() {
  const clock = new FakeClock();
  const slack = new MemoryChannel({ name: 'slack' });
  const manager = new AlertManager({
    clock,
    logger: { warn() {} },
    deadLetters: { dir: dir.path },
  }).addChannel(slack, { maxRetries: 0 });
  return { clock, slack, manager };
}

describe('dead letters', () => {
  it('keeps the tables of an alert, and a replay sends them as they were', async () => {
    const { slack, manager } = setup();
    slack.failNext({ retryable: false, ...REFUSED });
    const report = {
      title: 'Daily report',
      body: 'Yesterday in numbers',
      tables: [{ title: 'By level', columns: ['level', 'alerts'], rows: [['error', 3]] }],
    };
    const [failed] = await manager.send(report);
    expect(failed?.status).toBe('failed');
    const [letter] = (await manager.deadLetters?.list()) ?? [];
    expect(letter?.alert.body).toBe('Yesterday in numbers');
    expect(letter?.alert.tables).toEqual([
      { title: 'By level', columns: ['level', 'alerts'], rows: [['error', '3']] },
    ]);
    await manager.replayDeadLetters();
    const [sent] = slack.received;
    expect(sent?.tables).toEqual(letter?.alert.tables);
    expect(sent?.body).toMatch(/^Yesterday in numbers\n\nBy level/);
    await manager.close();
  });

  it('keeps an alert that failed for good, with what a replay needs and the reason', async () => {
    const { slack, manager } = setup();
    slack.failNext(REFUSED);
    await manager.send({
      id: 'alert-1',
      title: 'Disk full',
      body: '/var at 99%',
      level: 'critical',
      labels: { host: 'db1' },
      source: 'cron',
      dedupKey: 'disk:db1',
      timestamp: new Date('2026-12-01T10:00:00Z'),
    });
    await manager.send({ title: 'this one was delivered' });
    await manager.close();
    const lines = (await readFile(join(dir.path, 'dead-letters.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      id: 'alert-1@slack',
      channel: 'slack',
      status: 'failed',
      error: 'slack: connect ECONNREFUSED',
      attempts: 1,
      alert: {
        id: 'alert-1',
        title: 'Disk full',
        body: '/var at 99%',
        level: 30,
        labels: { host: 'db1' },
        source: 'cron',
        dedupKey: 'disk:db1',
        fingerprint: 'disk:db1',
        timestamp: '2026-12-01T10:00:00.000Z',
      },
    });
  });

  it('writes one only after every fallback tier failed', async () => {
    const clock = new FakeClock();
    const slack = new MemoryChannel({ name: 'slack' });
    const email = new MemoryChannel({ name: 'email' });
    const manager = new AlertManager({ clock, deadLetters: { dir: dir.path } })
      .addChannel(slack, { maxRetries: 0, fallback: 'email' })
      .addChannel(email, { maxRetries: 0, fallbackOnly: true });
    slack.failNext(REFUSED, 2);
    email.failNext({ code: 'TOCSIN_REMOTE', message: 'email: 451' });
    await manager.send({ id: 'rescued', title: 'a' }); // email fails: a letter
    await manager.send({ id: 'kept', title: 'b' }); // email delivers: none
    const letters = await manager.deadLetters?.list();
    expect(letters?.map((l) => [l.id, l.error])).toEqual([
      ['rescued@slack', 'slack: connect ECONNREFUSED; fallback email: email: 451'],
    ]);
    await manager.close();
  });

  it('replays them under the same id: delivered ones are marked, failing ones stay with the new reason', async () => {
    const { slack, manager } = setup();
    slack.failNext(REFUSED, 2);
    await manager.send([
      { id: 'one', title: 'first' },
      { id: 'two', title: 'second' },
    ]);
    slack.failNext({ code: 'TOCSIN_REMOTE', message: 'slack: 503' });
    const outcomes = await manager.replayDeadLetters();
    const byId = Object.fromEntries(outcomes.map((o) => [o.letter.id, o.result?.status]));
    expect(byId).toEqual({ 'one@slack': 'failed', 'two@slack': 'sent' });
    expect(slack.received.map((a) => [a.id, a.title])).toEqual([['two', 'second']]);
    const left = await manager.deadLetters?.list();
    expect(left?.map((l) => [l.id, l.error])).toEqual([['one@slack', 'slack: 503']]);
    // Replayed again with the channel back: nothing is left, and nothing was sent twice.
    await manager.replayDeadLetters();
    expect(await manager.deadLetters?.list()).toEqual([]);
    expect(slack.received.map((a) => a.id)).toEqual(['two', 'one']);
    const stats = manager.stats;
    expect(stats.totalAlerts).toBe(5);
    expect(stats.totalSent + stats.totalFailed).toBe(5);
    await manager.close();
  });

  it('replays a letter whose channel is gone as an error, and keeps it', async () => {
    const { slack, manager } = setup();
    slack.failNext(REFUSED);
    await manager.send({ id: 'x', title: 'x' });
    manager.removeChannel('slack');
    const [outcome] = await manager.replayDeadLetters();
    expect(outcome).toMatchObject({ error: 'no channel has the key "slack" now' });
    expect(await manager.deadLetters?.list()).toHaveLength(1);
    await manager.close();
  });

  it('filters by channel and time', async () => {
    const store = new FileDeadLetters({ dir: dir.path });
    store.write(letter('a@x', { at: '2026-12-01T08:00:00.000Z' }));
    store.write(
      letter('a@y', { at: '2026-12-01T09:00:00.000Z', channel: 'y', status: 'circuit_open' }),
    );
    expect((await store.list({ channel: 'y' })).map((l) => l.id)).toEqual(['a@y']);
    expect(
      (await store.list({ since: new Date('2026-12-01T08:30:00Z') })).map((l) => l.id),
    ).toEqual(['a@y']);
  });

  it('rotates past the size bound and keeps at most maxFiles files', async () => {
    const store = new FileDeadLetters({ dir: dir.path, maxFileBytes: 65_536, maxFiles: 3 });
    for (let i = 0; i < 400; i++) store.write(letter(`a${i}@x`, { body: 'x'.repeat(1000) }));
    await store.flush();
    const files = (await readdir(dir.path)).sort();
    expect(files).toEqual(['dead-letters.1.jsonl', 'dead-letters.2.jsonl', 'dead-letters.jsonl']);
    for (const file of files)
      expect((await stat(join(dir.path, file))).size).toBeLessThanOrEqual(65_536);
    const kept = await store.list();
    // The newest are kept, in order; the oldest went with the deleted file.
    expect(kept.at(-1)?.id).toBe('a399@x');
    expect(kept.length).toBeLessThan(400);
    expect(kept.length).toBeGreaterThan(100);
  });

  it('skips a line cut short by a crash, and a new process writes on a line of its own', async () => {
    const before = new FileDeadLetters({ dir: dir.path });
    before.write(letter('a@x'));
    await before.flush();
    await appendFile(join(dir.path, 'dead-letters.jsonl'), '{"id":"b@x","at":"2026-12-01T08:0');
    const after = new FileDeadLetters({ dir: dir.path });
    after.write(letter('c@x'));
    expect((await after.list()).map((l) => l.id)).toEqual(['a@x', 'c@x']);
  });

  it('needs a folder', () => {
    expect(() => new AlertManager({ deadLetters: {} as { dir: string } })).toThrow(
      /dead letters need a `dir`/,
    );
  });
});

/** A letter for `id` (`<alert id>@<channel>`), as the store would get it. */
function letter(
  id: string,
  overrides: Partial<Pick<DeadLetter, 'at' | 'channel' | 'status'>> & { body?: string } = {},
): DeadLetter {
  const [alertId = id, channel = 'x'] = id.split('@');
  const { body = '', ...fields } = overrides;
  return {
    id,
    at: '2026-12-01T08:00:00.000Z',
    channel,
    status: 'failed',
    error: 'e',
    attempts: 1,
    alert: {
      id: alertId,
      title: 't',
      body,
      level: 10,
      labels: {},
      timestamp: '2026-12-01T00:00:00.000Z',
      fingerprint: 'f',
    },
    ...fields,
  };
}
