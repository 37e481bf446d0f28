/**
 * One recurring window, as Alertmanager's `time_intervals` write it. Every field given
 * must hold; a field left out holds always. Ranges are inclusive (`monday:friday`,
 * `1:5`), except times, which end before `end_time`.
 */
export interface TimeIntervalSpec {
  /** `[{ startTime: '09:00', endTime: '17:30' }]`; `endTime` may be `24:00`. */
  readonly times?: readonly { readonly startTime: string; readonly endTime: string }[];
  /** `['monday:friday', 'sunday']`. */
  readonly weekdays?: readonly string[];
  /** `['1:5', '-1']`: days of the month; negative counts from its end (`-1` is the last day). */
  readonly daysOfMonth?: readonly string[];
  /** `['january:march', '12']`: names or numbers. */
  readonly months?: readonly string[];
  /** `['2026:2027']`. */
  readonly years?: readonly string[];
  /** The IANA time zone the fields are read in (`Europe/Berlin`). @default 'UTC' */
  readonly location?: string;
}

/** Named windows: a time matches a name when it is inside any of its specs. */
export type TimeIntervals = Readonly<Record<string, readonly TimeIntervalSpec[]>>;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

type Range = readonly [number, number];

/** The local parts of an instant in one zone. */
interface LocalTime {
  readonly minuteOfDay: number;
  readonly weekday: number;
  readonly day: number;
  readonly daysInMonth: number;
  readonly month: number;
  readonly year: number;
}

interface CompiledSpec {
  readonly zone: Intl.DateTimeFormat;
  readonly times: readonly Range[] | undefined;
  readonly weekdays: readonly Range[] | undefined;
  readonly days: readonly Range[] | undefined;
  readonly months: readonly Range[] | undefined;
  readonly years: readonly Range[] | undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One named window, compiled: `contains(epochMs)` says whether that instant is inside it.
 * Local time comes from the platform's time-zone database (`Intl`), so daylight-saving
 * changes are what the zone says: on a spring-forward night a `02:00` to `03:00` window
 * does not happen in Europe/Berlin, and on the fall-back night it happens twice.
 */
export class TimeInterval {
  readonly name: string;
  readonly #specs: readonly CompiledSpec[];
  /** The last minute asked about, and the answer: a flood asks about the same minute. */
  #minute = Number.NaN;
  #inside = false;

  /** @throws TypeError naming the interval, the field and what was expected */
  constructor(name: string, specs: readonly TimeIntervalSpec[]) {
    this.name = name;
    if (!Array.isArray(specs))
      throw new TypeError(`time interval "${name}": expected a list of intervals`);
    this.#specs = specs.map((spec, index) => compile(spec, `time interval "${name}" [${index}]`));
  }

  contains(epochMs: number): boolean {
    const minute = Math.floor(epochMs / 60_000);
    if (minute !== this.#minute) {
      this.#minute = minute;
      this.#inside = this.#specs.some((spec) => holds(spec, localTime(spec.zone, minute * 60_000)));
    }
    return this.#inside;
  }
}

/** Compile named windows, each checked. @throws TypeError naming the window and field */
export function compileTimeIntervals(
  intervals: TimeIntervals | undefined,
): Map<string, TimeInterval> {
  const out = new Map<string, TimeInterval>();
  for (const [name, specs] of Object.entries(intervals ?? {}))
    out.set(name, new TimeInterval(name, specs));
  return out;
}

function holds(spec: CompiledSpec, at: LocalTime): boolean {
  if (spec.times && !spec.times.some(([from, to]) => at.minuteOfDay >= from && at.minuteOfDay < to))
    return false;
  if (spec.weekdays && !within(spec.weekdays, at.weekday)) return false;
  if (spec.months && !within(spec.months, at.month)) return false;
  if (spec.years && !within(spec.years, at.year)) return false;
  if (spec.days) {
    // A negative day counts from the month's end: -1 is its last day.
    const absolute = (day: number) => (day < 0 ? at.daysInMonth + day + 1 : day);
    if (!spec.days.some(([from, to]) => at.day >= absolute(from) && at.day <= absolute(to)))
      return false;
  }
  return true;
}

function within(ranges: readonly Range[], value: number): boolean {
  return ranges.some(([from, to]) => value >= from && value <= to);
}

function localTime(zone: Intl.DateTimeFormat, epochMs: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of zone.formatToParts(epochMs)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  return {
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf((parts.weekday as string).toLowerCase()),
    day: Number(parts.day),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
    month,
    year,
  };
}

function compile(spec: TimeIntervalSpec, at: string): CompiledSpec {
  if (typeof spec !== 'object' || spec === null) throw new TypeError(`${at}: expected an interval`);
  const location = spec.location ?? 'UTC';
  let zone = formatters.get(location);
  if (zone === undefined) {
    try {
      zone = new Intl.DateTimeFormat('en-US', {
        timeZone: location,
        hourCycle: 'h23',
        weekday: 'long',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      throw new TypeError(
        `${at}: \`location\` "${location.slice(0, 60)}" is not a time zone (an IANA name such as Europe/Berlin)`,
      );
    }
    formatters.set(location, zone);
  }
  return {
    zone,
    times: spec.times?.map((time, i) => timeRange(time, `${at}.times[${i}]`)),
    weekdays: spec.weekdays?.map((text) =>
      range(
        text,
        `${at}.weekdays`,
        (v) => named(v, WEEKDAYS, 0),
        'a weekday (monday) or a range (monday:friday)',
      ),
    ),
    days: spec.daysOfMonth?.map((text) => dayRange(text, `${at}.daysOfMonth`)),
    months: spec.months?.map((text) =>
      range(
        text,
        `${at}.months`,
        (v) => named(v, MONTHS, 1) ?? number(v, 1, 12),
        'a month (january or 1) or a range (january:march)',
      ),
    ),
    years: spec.years?.map((text) =>
      range(
        text,
        `${at}.years`,
        (v) => number(v, 1970, 9999),
        'a year (2026) or a range (2026:2027)',
      ),
    ),
  };
}

function timeRange(time: { startTime: string; endTime: string }, at: string): Range {
  const minutes = (text: unknown, name: string) => {
    const found = typeof text === 'string' ? /^(\d{2}):(\d{2})$/.exec(text) : null;
    const value = found === null ? Number.NaN : Number(found[1]) * 60 + Number(found[2]);
    if (!(value >= 0 && value <= 1440) || Number(found?.[2]) > 59)
      throw new TypeError(`${at}: \`${name}\` must be HH:MM between 00:00 and 24:00`);
    return value;
  };
  const from = minutes(time?.startTime, 'startTime');
  const to = minutes(time?.endTime, 'endTime');
  if (to <= from)
    throw new TypeError(
      `${at}: \`endTime\` must be after \`startTime\` (a window over midnight is two: 22:00-24:00 and 00:00-06:00)`,
    );
  return [from, to];
}

function range(
  text: string,
  at: string,
  read: (value: string) => number | undefined,
  expected: string,
): Range {
  const [a, b = a] = String(text).toLowerCase().split(':');
  const from = read((a as string).trim());
  const to = read((b as string).trim());
  if (from === undefined || to === undefined || to < from)
    throw new TypeError(`${at}: ${JSON.stringify(String(text).slice(0, 40))} is not ${expected}`);
  return [from, to];
}

function dayRange(text: string, at: string): Range {
  const expected = 'a day of the month (1..31, or -1 for the last) or a range (1:5, -3:-1)';
  const [a, b = a] = String(text).split(':');
  const read = (value: string) => {
    const n = Number(value.trim());
    return Number.isInteger(n) && n !== 0 && n >= -31 && n <= 31 ? n : undefined;
  };
  const from = read(a as string);
  const to = read(b as string);
  if (from === undefined || to === undefined || (Math.sign(from) === Math.sign(to) && to < from))
    throw new TypeError(`${at}: ${JSON.stringify(String(text).slice(0, 40))} is not ${expected}`);
  return [from, to];
}

function named(value: string, names: readonly string[], base: number): number | undefined {
  const index = names.indexOf(value);
  return index === -1 ? undefined : index + base;
}

function number(value: string, min: number, max: number): number | undefined {
  const n = Number(value);
  return /^\d+$/.test(value) && n >= min && n <= max ? n : undefined;
}
