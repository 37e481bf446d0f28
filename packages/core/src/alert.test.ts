import { describe, expect, it } from 'vitest';
import { createAlert } from './alert.js';

describe('createAlert', () => {
  it('normalises: default level INFO, empty body, string labels, a fresh id, a timestamp', () => {
    const alert = createAlert({
      title: ' Disk full ',
      labels: { host: 'db1', shard: 3, primary: true },
    });
    expect(alert).toMatchObject({ title: 'Disk full', body: '', level: 10, levelName: 'INFO' });
    expect(alert.labels).toEqual({ host: 'db1', shard: '3', primary: 'true' });
    expect(alert.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(createAlert({ title: 'x' }).id).not.toBe(alert.id);
    expect(Math.abs(alert.timestamp.getTime() - Date.now())).toBeLessThan(1000);
    expect(Object.isFrozen(alert)).toBe(true);
  });

  it('keeps a given id, accepts level names in any case', () => {
    expect(createAlert({ title: 't', id: 'dedup-1', level: 'Warning' })).toMatchObject({
      id: 'dedup-1',
      level: 20,
    });
  });

  it("prefixes kstlib's timestamp to the formatted title only when asked", () => {
    const timestamp = new Date('2026-03-04T05:06:07.890Z');
    expect(createAlert({ title: 't', timestamp }).formattedTitle).toBe('t');
    expect(createAlert({ title: 't', timestamp, timestampInTitle: true }).formattedTitle).toBe(
      '2026-03-04 05:06:07 ::: t',
    );
    expect(
      createAlert({ title: 't', timestamp: '2026-03-04T05:06:07Z' }).timestamp.toISOString(),
    ).toBe('2026-03-04T05:06:07.000Z');
  });

  it('names the offending field', () => {
    expect(() => createAlert({})).toThrow('`title`');
    expect(() => createAlert({ title: 't', body: 5 })).toThrow('`body`');
    expect(() => createAlert({ title: 't', timestamp: 'yesterday' })).toThrow(
      '`timestamp` is not a valid date',
    );
    expect(() => createAlert({ title: 't', labels: { '': 'x' } })).toThrow('`labels');
    expect(() => createAlert(null)).toThrow('Invalid alert');
  });
});
