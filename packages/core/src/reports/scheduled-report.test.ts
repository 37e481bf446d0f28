import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../alert.js';
import { AlertManager } from '../alert-manager.js';
import { bodyBeforeTables } from '../alert-table.js';
import { scheduleReport } from './schedule-report.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A manager whose wall clock starts at `iso`, an app channel and a `reports` channel. */
function setupAt(iso: string) {
  vi.useFakeTimers({ now: new Date(iso), toFake: ['Date'] });
  try {
    const clock = new FakeClock(0);
    const app = new MemoryChannel({ name: 'app' });
    const reports = new MemoryChannel({ name: 'reports' });
    const warnings: string[] = [];
    const manager = new AlertManager({
      logger: { warn: (message) => warnings.push(message) },
      clock,
    })
      .addChannel(app, { maxRetries: 0, minLevel: 'warning' })
      .addChannel(reports, { maxRetries: 0, minLevel: 'critical' });
    return { clock, app, reports, manager, warnings };
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

function table(alert: Alert | undefined, title: string) {
  const found = alert?.tables?.find((t) => t.title === title);
  if (found === undefined) throw new Error(`no table "${title}"`);
  return found;
}

describe('scheduleReport', () => {
  it('at 08:00 in its time zone: one INFO alert with the period by level, status and top fingerprints', async () => {
    // 07:30 in Berlin (UTC+1 in December).
    const { clock, reports, manager } = setupAt('2026-12-01T06:30:00Z');
    const report = scheduleReport(manager, {
      at: '08:00',
      timeZone: 'Europe/Berlin',
      channel: 'reports',
      top: 2,
    });
    expect(report.nextRun?.toISOString()).toBe('2026-12-01T07:00:00.000Z');
    for (let i = 0; i < 3; i++) await manager.send({ title: 'DB down', level: 'error' });
    await manager.send({ title: 'Disk 91%', level: 'warning' });
    await manager.send({ title: 'Deployed', level: 'info' });
    await manager.send({ title: 'Deployed again', level: 'info' });

    clock.advance(30 * MINUTE - 1);
    await settle();
    expect(reports.received).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(reports.received).toHaveLength(1);
    const [alert] = reports.received;
    expect(alert?.levelName).toBe('INFO');
    expect(alert?.title).toBe(
      'Report "report": 6 alerts from 2026-12-01 07:30 to 2026-12-01 08:00',
    );
    expect(alert?.labels).toEqual({ report: 'report' });
    expect(table(alert, 'Alerts by level').rows).toEqual([
      ['CRITICAL', '0'],
      ['ERROR', '3'],
      ['WARNING', '1'],
      ['SUCCESS', '0'],
      ['INFO', '2'],
      ['Total', '6'],
    ]);
    // 6 alerts on 2 channels: 4 sent to `app`, 2 filtered there, 6 filtered on `reports`.
    expect(table(alert, 'Outcomes by status').rows).toEqual([
      ['sent', '4'],
      ['failed', '0'],
      ['filtered', '8'],
    ]);
    const top = table(alert, 'Top fingerprints');
    expect(top.columns).toEqual(['Count', 'Level', 'Alert', 'Fingerprint']);
    expect(top.rows[0]?.slice(0, 3)).toEqual(['3', 'ERROR', 'DB down']);
    expect(top.rows[1]?.[0]).toBe('1');
    expect(top.rows[2]?.slice(0, 3)).toEqual(['2', '', '2 other fingerprints']);
    // The body says the period, and ends with the tables as text for any channel.
    const intro = bodyBeforeTables(alert?.body ?? '', alert?.tables ?? []);
    expect(intro).toContain('Period: 2026-12-01 07:30 to 2026-12-01 08:00 (Europe/Berlin), 30m.');
    expect(alert?.body).toMatch(/Top fingerprints\nCount +Level +Alert +Fingerprint\n/);
    expect(alert?.body).toContain('    3  ERROR    DB down');
    expect(report.nextRun?.toISOString()).toBe('2026-12-02T07:00:00.000Z');
    await manager.close();
  });

  it('starts a new period after each report: the next one counts only what came since', async () => {
    const { clock, reports, manager } = setupAt('2026-12-01T07:59:00Z');
    manager.scheduleReport({ at: '08:00', channel: 'reports', name: 'daily' });
    await manager.send({ title: 'Before', level: 'error' });
    clock.advance(MINUTE);
    await settle();
    expect(reports.received).toHaveLength(1);
    await manager.send({ title: 'After', level: 'warning' });
    clock.advance(DAY);
    await settle();
    expect(reports.received).toHaveLength(2);
    const second = reports.received[1];
    expect(second?.title).toBe(
      'Report "daily": 2 alerts from 2026-12-01 08:00 to 2026-12-02 08:00',
    );
    // The first report is an INFO alert of this period; the one WARNING is the new alert.
    expect(table(second, 'Alerts by level').rows).toContainEqual(['WARNING', '1']);
    expect(table(second, 'Alerts by level').rows).toContainEqual(['INFO', '1']);
    expect(table(second, 'Alerts by level').rows).toContainEqual(['ERROR', '0']);
    // Reports are not listed among the fingerprints.
    expect(table(second, 'Top fingerprints').rows.map((row) => row[2])).toEqual(['After']);
    expect(table(second, 'Outcomes by status').rows).toContainEqual(['sent', '2']);
    await manager.close();
  });

  it("shows collect()'s metrics: a record as a Metric/Value table, or tables as given", async () => {
    const { clock, reports, manager } = setupAt('2026-12-01T07:00:00Z');
    manager.scheduleReport({
      at: '0 * * * *',
      channel: 'reports',
      collect: async () => ({ bookings: 412, 'queue depth': 3, healthy: true, note: null }),
    });
    clock.advance(HOUR);
    await settle();
    expect(table(reports.received[0], 'Metrics')).toEqual({
      title: 'Metrics',
      columns: ['Metric', 'Value'],
      rows: [
        ['bookings', '412'],
        ['queue depth', '3'],
        ['healthy', 'true'],
        ['note', ''],
      ],
    });
    await manager.close();

    const second = setupAt('2026-12-01T07:00:00Z');
    second.manager.scheduleReport({
      at: '0 * * * *',
      channel: 'reports',
      collect: () => [
        { title: 'Hotels', columns: ['Hotel', 'Pushes'], rows: [['Alpenhof', 12]] },
        { title: 'Partners', columns: ['Partner'], rows: [] },
      ],
    });
    second.clock.advance(HOUR);
    await settle();
    const alert = second.reports.received[0];
    expect(table(alert, 'Hotels').rows).toEqual([['Alpenhof', '12']]);
    expect(alert?.body).toContain('Partners\nPartner\n-------\n(none)');
    await second.manager.close();
  });

  it('a collect() that throws, hangs or returns junk does not stop the report: it says so', async () => {
    const { clock, reports, manager } = setupAt('2026-12-01T07:00:00Z');
    manager.scheduleReport({
      at: '0 * * * *',
      channel: 'reports',
      name: 'throws',
      collect: () => {
        throw new Error('metrics db unreachable at https://user:hunter2@db.example.com');
      },
    });
    manager.scheduleReport({
      at: '0 * * * *',
      channel: 'reports',
      name: 'hangs',
      collectTimeout: '5s',
      collect: () => new Promise(() => {}),
    });
    manager.scheduleReport({
      at: '0 * * * *',
      channel: 'reports',
      name: 'junk',
      collect: () => ({ nested: { a: 1 } }) as never,
    });
    clock.advance(HOUR);
    await settle();
    const byName = (name: string) => reports.received.find((a) => a.labels.report === name);
    expect(byName('throws')?.body).toContain(
      'collect() failed: metrics db unreachable at https://db.example.com; its metrics are missing from this report.',
    );
    expect(byName('throws')?.body).not.toContain('hunter2');
    expect(byName('junk')?.body).toMatch(/collect\(\) returned tables that cannot be shown/);
    expect(byName('hangs')).toBeUndefined();
    clock.advance(5000 - 1);
    await settle();
    expect(byName('hangs')).toBeUndefined();
    clock.advance(1);
    await settle();
    expect(byName('hangs')?.body).toContain(
      'collect() gave no answer within 5s: its metrics are missing from this report.',
    );
    // Tocsin's own tables are there all the same.
    expect(byName('hangs')?.tables?.map((t) => t.title)).toEqual([
      'Alerts by level',
      'Outcomes by status',
      'Top fingerprints',
    ]);
    await manager.close();
  });

  it('close() stops it; the manager closing stops them all', async () => {
    const { clock, reports, manager } = setupAt('2026-12-01T07:00:00Z');
    const hourly = manager.scheduleReport({ at: '0 * * * *', channel: 'reports' });
    const other = manager.scheduleReport({ at: '30 * * * *', channel: 'reports', name: 'b' });
    hourly.close();
    expect(hourly.nextRun).toBeUndefined();
    clock.advance(HOUR);
    await settle();
    expect(reports.received.map((a) => a.labels.report)).toEqual(['b']);
    await manager.close();
    expect(other.nextRun).toBeUndefined();
    clock.advance(DAY);
    await settle();
    expect(reports.received).toHaveLength(1);
  });

  it('sendNow() sends the period so far and starts the next; an unknown channel is a warning', async () => {
    const { reports, manager, warnings } = setupAt('2026-12-01T07:00:00Z');
    const report = manager.scheduleReport({ at: '08:00', channel: 'reports' });
    await manager.send({ title: 'One', level: 'error' });
    const results = await report.sendNow();
    expect(results.map((r) => r.status)).toEqual(['sent']);
    expect(reports.received[0]?.title).toMatch(/^Report "report": 1 alert from/);
    const lost = manager.scheduleReport({ at: '08:00', channel: 'nowhere', name: 'lost' });
    expect(await lost.sendNow()).toEqual([]);
    expect(warnings.join('\n')).toMatch(/report "lost" was not sent: .*nowhere/);
    await manager.close();
  });

  it('rejects bad options with a TypeError naming the option', () => {
    const { manager } = setupAt('2026-12-01T07:00:00Z');
    const bad = (options: object) =>
      expect(() => manager.scheduleReport({ at: '08:00', channel: 'reports', ...options })).toThrow(
        TypeError,
      );
    bad({ at: '25:00' });
    bad({ at: 'every day' });
    bad({ timeZone: 'Mars/Olympus' });
    bad({ channel: '' });
    bad({ top: 0 });
    bad({ top: 101 });
    bad({ collect: 'metrics' });
    bad({ collectTimeout: 0 });
    expect(() => manager.scheduleReport({ at: '08:00', channel: 'reports', top: 0 })).toThrow(
      'report "report": `top` must be a whole number from 1 to 100; got 0',
    );
  });
});
