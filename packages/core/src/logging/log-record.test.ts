import { describe, expect, it } from 'vitest';
import { alertLevelOfLog, logLevelNumber, parseLogLevel } from './log-levels.js';
import { recordToAlert } from './log-record.js';

const mapping = { labels: ['service', 'region'] };

describe('log levels', () => {
  it("maps pino's numbers and winston's names to alert levels", () => {
    const level = (value: unknown) => alertLevelOfLog(logLevelNumber(value) as number);
    expect([level(40), level(50), level(60)]).toEqual([20, 25, 30]);
    expect([level('warn'), level('error'), level('crit'), level('emerg')]).toEqual([
      20, 25, 30, 30,
    ]);
    expect(level('warning')).toBe(20);
    expect(level('\u001b[31merror\u001b[39m')).toBe(25);
    expect(logLevelNumber('chatty')).toBeUndefined();
  });

  it('refuses an unknown minLevel, naming the option', () => {
    expect(parseLogLevel('fatal')).toBe(60);
    expect(() => parseLogLevel('loud')).toThrow(/`minLevel` must be a level number .* got "loud"/);
  });
});

describe('recordToAlert', () => {
  it("takes pino's msg as title, err's stack as body, chosen fields and hostname as labels", () => {
    const err = new Error('connect ECONNREFUSED 10.0.0.7:5432');
    const alert = recordToAlert(
      {
        level: 50,
        time: 1,
        pid: 7,
        hostname: 'web-1',
        name: 'billing',
        service: 'api',
        requestId: 'r-1',
        msg: 'payment failed',
        err: { type: 'Error', message: err.message, stack: err.stack },
      },
      50,
      mapping,
    );
    expect(alert).toMatchObject({
      title: 'payment failed',
      level: 25,
      labels: { host: 'web-1', service: 'api' },
      source: 'billing',
    });
    expect(alert.labels).not.toHaveProperty('requestId');
    expect(alert.body).toContain('connect ECONNREFUSED 10.0.0.7:5432');
    expect(alert.body).toContain('log-record.test.ts');
  });

  it("takes winston's message and stack; the error message is the title when there is no msg", () => {
    const err = new Error('disk full');
    expect(
      recordToAlert({ level: 'error', message: 'write failed', stack: err.stack }, 50, mapping),
    ).toMatchObject({
      title: 'write failed',
      body: expect.stringContaining('Error: disk full'),
    });
    expect(recordToAlert({ level: 60, err: { message: 'boom' } }, 60, mapping)).toMatchObject({
      title: 'boom',
      body: '',
      level: 30,
    });
  });

  it('keeps a title to one short line and survives odd records', () => {
    const alert = recordToAlert({ msg: `first line\nsecond ${'x'.repeat(500)}` }, 50, mapping);
    expect(alert.title).toBe('first line');
    expect(recordToAlert({ msg: 'x'.repeat(500) }, 50, mapping).title).toHaveLength(200);
    expect(recordToAlert({ msg: 42, err: 'not an object', service: {} }, 40, mapping)).toEqual({
      title: 'Log record at level 40',
      body: '',
      level: 20,
      labels: {},
    });
  });
});
