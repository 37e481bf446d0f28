import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertInputSchema, createAlert, FAST_FIELDS, UNHANDLED_FIELDS } from './alert.js';
import { AlertValidationError } from './errors/alert-validation-error.js';

describe('createAlert', () => {
  it('normalises: default level INFO, empty body, string labels, a fresh id, a timestamp', () => {
    const before = Date.now();
    const alert = createAlert({
      title: ' Disk full ',
      labels: { host: 'db1', shard: 3, primary: true },
    });
    expect(alert).toMatchObject({ title: 'Disk full', body: '', level: 10, levelName: 'INFO' });
    expect(alert.labels).toEqual({ host: 'db1', shard: '3', primary: 'true' });
    expect(alert.id).toMatch(/^[0-9a-f]{16}-[0-9a-z]+$/);
    expect(createAlert({ title: 'x' }).id).not.toBe(alert.id);
    // Between the wall-clock readings around it (a loaded machine may pause in between), give
    // or take the few ms the monotonic clock it is read from may drift from the wall clock.
    const time = alert.timestamp.getTime();
    expect(time).toBeGreaterThanOrEqual(before - 50);
    expect(time).toBeLessThanOrEqual(Date.now() + 50);
    expect(alert.timestamp).toBeInstanceOf(Date);
  });

  it('gives a read-only timestamp, which alerts of the same millisecond may share', () => {
    const alert = createAlert({ title: 'x' });
    const before = alert.timestamp.toISOString();
    expect(() => alert.timestamp.setFullYear(2000)).toThrow(
      "An alert's timestamp is read-only (setFullYear was called)",
    );
    expect(() => alert.timestamp.setTime(0)).toThrow(TypeError);
    expect(alert.timestamp.toISOString()).toBe(before);
    // A copy is an ordinary Date.
    const copy = new Date(alert.timestamp);
    copy.setTime(0);
    expect(copy.getTime()).toBe(0);
    // A caller's Date is copied, never kept: changing it later changes nothing.
    const given = new Date('2026-03-04T05:06:07.000Z');
    const fromGiven = createAlert({ title: 'x', timestamp: given });
    given.setTime(0);
    expect(fromGiven.timestamp.toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(JSON.stringify({ at: fromGiven.timestamp })).toBe('{"at":"2026-03-04T05:06:07.000Z"}');
  });

  it('copies labels, so the caller changing theirs after send changes nothing', () => {
    const labels = { host: 'db1' };
    const alert = createAlert({ title: 'x', labels });
    labels.host = 'db2';
    expect(alert.labels).toEqual({ host: 'db1' });
  });

  it('gives every alert a distinct id', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createAlert({ title: 't' }).id));
    expect(ids.size).toBe(10_000);
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

  it('trims the title of ASCII and Unicode white space, and keeps one that needs none as it is', () => {
    for (const [given, kept] of [
      ['CPU high', 'CPU high'],
      [' CPU high\n', 'CPU high'],
      ['\u00a0CPU high\ufeff', 'CPU high'],
      ['\u3000CPU\u2028', 'CPU'],
      ['é', 'é'],
    ]) {
      expect(createAlert({ title: given }).title, JSON.stringify(given)).toBe(kept);
    }
    expect(() => createAlert({ title: ' \u00a0 ' })).toThrow('`title`');
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

describe('createAlert fast path', () => {
  // The fast path must give exactly what the zod schema gives, or step aside.
  const viaSchema = (input: unknown) => {
    // A `__proto__` label, which zod would drop without a word, is refused before it.
    const labels = (input as { labels?: unknown } | null)?.labels;
    if (typeof labels === 'object' && labels !== null && Object.hasOwn(labels, '__proto__'))
      return undefined;
    const parsed = alertInputSchema().safeParse(input);
    return parsed.success ? parsed.data : undefined;
  };
  const text = fc.oneof(fc.string(), fc.constantFrom('', '  ', ' x ', '__proto__', 'constructor'));
  const input = fc.record(
    {
      title: fc.oneof(text, fc.integer(), fc.constant(null)),
      body: fc.oneof(text, fc.constant(undefined), fc.integer()),
      level: fc.oneof(
        fc.constantFrom(10, 11, 20, 25, 30, 15, 'info', 'CRITICAL', 'Loud', ' warning '),
        fc.constant(undefined),
      ),
      labels: fc.oneof(
        fc.dictionary(text, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), {
          maxKeys: 4,
        }),
        fc.constant(undefined),
        fc.constant([]),
      ),
      source: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
      timestamp: fc.oneof(fc.date({ noInvalidDate: false }), fc.constant(undefined), fc.string()),
      timestampInTitle: fc.oneof(fc.boolean(), fc.constant(undefined), fc.constant('yes')),
      id: fc.oneof(fc.string({ maxLength: 210 }), fc.constant(undefined)),
    },
    { requiredKeys: [] },
  );
  // The same fields, on objects that are not plain: the fast path checks prototypes, and zod
  // treats a labels object by its constructor (a class instance is no record; a
  // null-prototype object is), and walks only own keys.
  class Holder {}
  const shapes = {
    plain: (o: object) => o,
    nullPrototype: (o: object) => Object.assign(Object.create(null), o),
    instance: (o: object) => Object.assign(new Holder(), o),
    inherited: (o: object) => Object.assign(Object.create({ inheritedKey: 'x' }), o),
  };
  const shape = fc.constantFrom(...(Object.keys(shapes) as Array<keyof typeof shapes>));
  const shaped = fc.tuple(input, shape, shape).map(([raw, outer, inner]) => {
    const labels =
      raw.labels !== undefined && !Array.isArray(raw.labels)
        ? shapes[inner](raw.labels)
        : raw.labels;
    return shapes[outer]({ ...raw, labels });
  });

  it('accepts exactly what the schema accepts, with the same fields', () => {
    fc.assert(
      fc.property(fc.oneof(input, shaped), (raw) => {
        const expected = viaSchema(raw);
        let alert: ReturnType<typeof createAlert> | undefined;
        try {
          alert = createAlert(raw);
        } catch (error) {
          expect(AlertValidationError.isInstance(error)).toBe(true);
        }
        if (expected === undefined) {
          expect(alert).toBeUndefined();
          return;
        }
        if (alert === undefined) {
          // Only an invalid date gets past the schema and is refused afterwards.
          expect(Number.isNaN(new Date(expected.timestamp as string).getTime())).toBe(true);
          return;
        }
        expect(alert).toMatchObject({
          title: expected.title,
          body: expected.body,
          level: expected.level ?? 10,
        });
        expect({ ...alert.labels }).toEqual(expected.labels);
        expect(alert.source).toBe(expected.source);
        if (expected.id !== undefined) expect(alert.id).toBe(expected.id);
      }),
      { numRuns: 2000 },
    );
  });

  it('lists every field of the schema it does not know as unhandled', () => {
    const unknown = Object.keys(alertInputSchema().shape).filter((key) => !FAST_FIELDS.has(key));
    expect(UNHANDLED_FIELDS).toEqual(unknown);
  });
});

describe('an alert timestamp', () => {
  it("is the alert's own: changing one through Date.prototype leaves the others of the same millisecond alone", () => {
    const when = new Date('2026-01-02T03:04:05.006Z');
    const a = createAlert({ title: 'a', timestamp: when });
    const b = createAlert({ title: 'b', timestamp: when });
    expect(a.timestamp).toBe(a.timestamp);
    expect(a.timestamp).not.toBe(b.timestamp);
    expect(() => a.timestamp.setFullYear(2000)).toThrow(/read-only/);
    Date.prototype.setTime.call(a.timestamp, 0);
    expect(b.timestamp.toISOString()).toBe('2026-01-02T03:04:05.006Z');
    // The caller's own Date was copied, not kept.
    when.setTime(0);
    expect(b.timestamp.getTime()).toBe(Date.parse('2026-01-02T03:04:05.006Z'));
  });

  it('shows in JSON and util.inspect like the other fields, with the fingerprint', () => {
    const alert = createAlert({
      id: 'x-1',
      title: 't',
      timestamp: new Date('2026-01-02T03:04:05.006Z'),
    });
    expect(JSON.parse(JSON.stringify(alert))).toEqual({
      id: 'x-1',
      title: 't',
      formattedTitle: 't',
      body: '',
      level: 10,
      levelName: 'INFO',
      labels: {},
      timestamp: '2026-01-02T03:04:05.006Z',
      fingerprint: alert.fingerprint,
    });
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(inspect(alert)).toMatch(/timestamp: [A-Za-z ]*2026-01-02T03:04:05\.006Z/);
    expect(inspect(alert)).toContain(`fingerprint: '${alert.fingerprint}'`);
  });
});
