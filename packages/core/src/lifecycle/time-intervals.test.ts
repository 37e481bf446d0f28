import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { TimeInterval, type TimeIntervalSpec } from './time-intervals.js';

const at = (iso: string) => new Date(iso).getTime();
const window = (spec: TimeIntervalSpec) => new TimeInterval('w', [spec]);

describe('time intervals, in a time zone, across daylight-saving changes', () => {
  it('Europe/Berlin: the 02:00-03:00 window does not happen on the spring-forward night, and happens twice on the fall-back night', () => {
    const twoToThree = () =>
      window({ times: [{ startTime: '02:00', endTime: '03:00' }], location: 'Europe/Berlin' });
    // 2026-03-29: at 01:00 UTC clocks go from 02:00 to 03:00 CEST.
    for (const instant of [
      '2026-03-29T00:30:00Z',
      '2026-03-29T00:59:00Z',
      '2026-03-29T01:00:00Z',
      '2026-03-29T01:30:00Z',
    ])
      expect(twoToThree().contains(at(instant)), instant).toBe(false);
    expect(twoToThree().contains(at('2026-04-05T00:30:00Z'))).toBe(true); // 02:30 CEST a week later
    // 2026-10-25: at 01:00 UTC clocks go back from 03:00 CEST to 02:00 CET.
    expect(twoToThree().contains(at('2026-10-24T23:59:00Z'))).toBe(false); // 01:59 CEST
    expect(twoToThree().contains(at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(twoToThree().contains(at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(twoToThree().contains(at('2026-10-25T02:00:00Z'))).toBe(false); // 03:00 CET
  });

  it('America/New_York: the same, on its own dates', () => {
    const spring = () =>
      window({ times: [{ startTime: '02:00', endTime: '03:00' }], location: 'America/New_York' });
    // 2026-03-08: at 07:00 UTC, 02:00 EST becomes 03:00 EDT.
    expect(spring().contains(at('2026-03-08T06:59:00Z'))).toBe(false); // 01:59 EST
    expect(spring().contains(at('2026-03-08T07:00:00Z'))).toBe(false); // 03:00 EDT
    const oneToTwo = () =>
      window({ times: [{ startTime: '01:00', endTime: '02:00' }], location: 'America/New_York' });
    // 2026-11-01: at 06:00 UTC, 02:00 EDT becomes 01:00 EST: 01:xx happens twice.
    expect(oneToTwo().contains(at('2026-11-01T05:30:00Z'))).toBe(true); // 01:30 EDT
    expect(oneToTwo().contains(at('2026-11-01T06:30:00Z'))).toBe(true); // 01:30 EST
    expect(oneToTwo().contains(at('2026-11-01T07:00:00Z'))).toBe(false); // 02:00 EST
  });

  it('weekdays, days of the month (negative from the end), months and years, as Alertmanager reads them', () => {
    const weekdays = window({ weekdays: ['monday:friday'], location: 'Asia/Tokyo' });
    expect(weekdays.contains(at('2026-12-04T14:00:00Z'))).toBe(true); // Friday 23:00 in Tokyo
    expect(
      window({ weekdays: ['monday:friday'], location: 'Asia/Tokyo' }).contains(
        at('2026-12-04T15:00:00Z'),
      ),
    ).toBe(false); // Saturday 00:00
    const lastDays = (iso: string) => window({ daysOfMonth: ['-2:-1'] }).contains(at(iso));
    expect([
      lastDays('2026-02-27T12:00:00Z'),
      lastDays('2026-02-28T12:00:00Z'),
      lastDays('2026-02-26T12:00:00Z'),
    ]).toEqual([true, true, false]);
    expect(window({ daysOfMonth: ['25:-1'] }).contains(at('2026-12-31T00:00:00Z'))).toBe(true);
    expect(
      window({ months: ['november:december'], years: ['2026'] }).contains(
        at('2026-12-01T00:00:00Z'),
      ),
    ).toBe(true);
    expect(window({ months: ['1:3'] }).contains(at('2026-12-01T00:00:00Z'))).toBe(false);
    expect(window({ years: ['2027:2030'] }).contains(at('2026-12-01T00:00:00Z'))).toBe(false);
    expect(
      window({ times: [{ startTime: '22:00', endTime: '24:00' }] }).contains(
        at('2026-12-01T23:59:00Z'),
      ),
    ).toBe(true);
  });

  it('refuses what it cannot read, naming the field', () => {
    const error = (spec: object) => {
      try {
        new TimeInterval('nights', [spec as TimeIntervalSpec]);
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(error({ location: 'Mars/Olympus' })).toBe(
      'time interval "nights" [0]: `location` "Mars/Olympus" is not a time zone (an IANA name such as Europe/Berlin)',
    );
    expect(error({ times: [{ startTime: '22:00', endTime: '06:00' }] })).toMatch(
      /`endTime` must be after `startTime`/,
    );
    expect(error({ times: [{ startTime: '9:00', endTime: '17:00' }] })).toMatch(
      /`startTime` must be HH:MM/,
    );
    expect(error({ weekdays: ['funday'] })).toBe(
      'time interval "nights" [0].weekdays: "funday" is not a weekday (monday) or a range (monday:friday)',
    );
    expect(error({ daysOfMonth: ['0'] })).toMatch(/\.daysOfMonth: "0" is not a day of the month/);
    expect(error({ months: ['march:january'] })).toMatch(
      /\.months: "march:january" is not a month/,
    );
  });
});

describe('mute and active time intervals on a channel', () => {
  const NIGHTS = {
    nights: [
      {
        times: [
          { startTime: '22:00', endTime: '24:00' },
          { startTime: '00:00', endTime: '06:00' },
        ],
      },
    ],
  };

  /**
   * A manager whose wall time starts at 12:00:30 UTC (half a minute past: the test's own
   * reading of Date.now() is a few milliseconds off the manager's, never half a minute).
   */
  function setup(entry: object) {
    const clock = new FakeClock();
    const manager = new AlertManager({ logger: { warn: () => {} }, clock, timeIntervals: NIGHTS });
    const wall = Date.now();
    const noon =
      Math.ceil((wall - 12 * 3_600_000) / 86_400_000) * 86_400_000 + 12 * 3_600_000 + 30_000;
    clock.advance(noon - wall);
    const channel = new MemoryChannel();
    manager.addChannel(channel, entry);
    return { clock, manager, channel, noon };
  }

  it('mutes what comes inside a mute interval; the first alert after it notifies, even with a repeat interval', async () => {
    const { clock, manager, channel } = setup({
      muteTimeIntervals: ['nights'],
      repeatInterval: '1d',
    });
    const send = async () => (await manager.send({ title: 'Disk full', level: 'error' }))[0];
    clock.advance(11 * 3_600_000); // 23:00
    expect(await send()).toMatchObject({
      status: 'muted',
      error: 'muted: inside the time interval "nights"',
      attempts: 0,
    });
    clock.advance(6 * 3_600_000); // 05:00
    expect((await send())?.status).toBe('muted');
    clock.advance(2 * 3_600_000); // 07:00
    expect((await send())?.status).toBe('sent');
    expect(channel.received).toHaveLength(1);
    expect(manager.stats).toMatchObject({
      totalMuted: 2,
      totalSent: 1,
      byChannel: { memory: { muted: 2 } },
    });
  });

  it('an entry with active intervals gets only what comes inside them', async () => {
    const { clock, manager } = setup({ activeTimeIntervals: ['nights'] });
    const status = async () => (await manager.send({ title: 'x' }))[0]?.status;
    expect(await status()).toBe('muted');
    clock.advance(10 * 3_600_000 + 60_000); // 22:01
    expect(await status()).toBe('sent');
  });

  it('a name the manager does not define is refused at addChannel', () => {
    const manager = new AlertManager({ timeIntervals: NIGHTS });
    expect(() =>
      manager.addChannel(new MemoryChannel(), { muteTimeIntervals: ['weekend'] }),
    ).toThrow('`muteTimeIntervals`: no time interval named "weekend"; defined: nights');
  });

  it('muted exactly at night, for any clock steps; the stats add up', async () => {
    const minutes = fc.integer({ min: 0, max: 300 }).map((m) => m * 60_000);
    await fc.assert(
      fc.asyncProperty(fc.array(minutes, { maxLength: 30 }), async (steps) => {
        const { clock, manager, noon } = setup({ muteTimeIntervals: ['nights'] });
        let wall = noon;
        let night = 0;
        for (const step of steps) {
          clock.advance(step);
          wall += step;
          const hour = new Date(wall).getUTCHours();
          const expected = hour >= 22 || hour < 6 ? 'muted' : 'sent';
          if (expected === 'muted') night++;
          const [result] = await manager.send({ title: 'x' });
          expect(result?.status).toBe(expected);
        }
        expect([manager.stats.totalMuted, manager.stats.totalSent]).toEqual([
          night,
          steps.length - night,
        ]);
      }),
      { numRuns: 40 },
    );
  });
});
