import type { z } from 'zod';
import { AcceptedAlert, withTables } from './accepted-alert.js';
import { nextAlertId } from './alert-id.js';
import {
  type AlertLevel,
  type AlertLevelInput,
  type AlertLevelName,
  lookupAlertLevel,
  parseAlertLevel,
} from './alert-level.js';
import {
  type AlertTable,
  type AlertTableInput,
  alertTablesSchema,
  bodyWithTables,
} from './alert-table.js';
import { alertTimestamp, toEpochMs, wallTime } from './alert-time.js';
import { monotonicNow } from './clock.js';
import type { Digest, Occurrences, Resolution } from './digest.js';
import { AlertValidationError } from './errors/alert-validation-error.js';
import { type FingerprintRule, MAX_FINGERPRINT_CHARS } from './fingerprint.js';
import { zod } from './zod.js';

/** The shape `send` accepts. `z.input` of it is `AlertInput`. Built on first use: see zod.ts. */
export function alertInputSchema(): AlertInputSchema {
  schema ??= buildAlertInputSchema();
  return schema;
}

type AlertInputSchema = ReturnType<typeof buildAlertInputSchema>;
let schema: AlertInputSchema | undefined;

function buildAlertInputSchema() {
  const z = zod();
  const levelSchema = z.unknown().transform((value, ctx): AlertLevel => {
    if (value === undefined) return 10;
    try {
      return parseAlertLevel(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^`level` /, '') });
      return z.NEVER;
    }
  });

  const labelValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

  return z.object({
    title: z
      .string()
      .trim()
      .min(1, 'must be a non-empty string')
      .describe('Short summary, one line'),
    body: z.string().default('').describe('Details; plain text'),
    level: levelSchema
      .optional()
      .describe('Severity: a level number or a name, any case (default INFO)'),
    labels: z
      .record(z.string().min(1, 'label names must be non-empty'), labelValue)
      .default({})
      .describe('String map: service, host, region, ...'),
    source: z.string().optional().describe('What raised the alert (service or module name)'),
    timestamp: z
      .union([z.date(), z.string(), z.number()])
      .optional()
      .describe('When it happened (Date, ISO string or epoch ms); default now'),
    timestampInTitle: z
      .boolean()
      .optional()
      .describe(
        "kstlib's `timestamp=True`: prefix the title with `YYYY-MM-DD HH:MM:SS ::: ` (UTC)",
      ),
    id: z.string().min(1).max(200).optional().describe('Stable id; generated when absent'),
    dedupKey: z
      .string()
      .min(1)
      .max(MAX_FINGERPRINT_CHARS)
      .optional()
      .describe(
        "The alert's identity for deduplication and grouping (PagerDuty's dedup_key): then its fingerprint",
      ),
    tables: alertTablesSchema().optional(),
  });
}

/**
 * What `send` accepts: `z.input` of the schema, with the level typed as its names and
 * numbers (the schema itself takes any value and reports a bad one at run time).
 */
export type AlertInput = Omit<z.input<AlertInputSchema>, 'level' | 'tables'> & {
  level?: AlertLevelInput | undefined;
  /** Tables of plain data: see `Alert.tables`. */
  tables?: readonly AlertTableInput[] | undefined;
};

/** An accepted alert: validated, normalised and given a stable `id`. Channels receive this. */
export interface Alert {
  /** Stable for the alert's whole life: the same across channels and retries. */
  readonly id: string;
  readonly title: string;
  /** The title as channels should show it: with the timestamp prefix when it was asked for. */
  readonly formattedTitle: string;
  readonly body: string;
  readonly level: AlertLevel;
  readonly levelName: AlertLevelName;
  readonly labels: Readonly<Record<string, string>>;
  readonly source: string | undefined;
  /**
   * When it happened. The alert's own Date, made when first read; read-only: its setters
   * throw (the alert's channels share it). Not an own property: `{ ...alert }` leaves it out.
   */
  readonly timestamp: Date;
  /** The caller's deduplication key, when given; it is then the fingerprint. */
  readonly dedupKey: string | undefined;
  /**
   * What makes alerts "the same" for deduplication and grouping: the `dedupKey`, else 16 hex
   * characters hashed from level, title and the labels the fingerprint rule chooses (all by
   * default). Never the timestamp, id or source. An entry with its own rule sends its own.
   * Made when first read; not an own property.
   */
  readonly fingerprint: string;
  /** Set when this notification stands for several alerts of its fingerprint (after deduplication). */
  readonly occurrences?: Occurrences | undefined;
  /** Set when this is a digest: the alerts of a group or burst buffer sent as one message. */
  readonly digest?: Digest | undefined;
  /**
   * Set when this is a RESOLVED notice (`manager.resolve()`, or an entry's auto-resolve):
   * the alert is the incident's last, under a new `id`, for entries with `sendResolved`.
   */
  readonly resolved?: Resolution | undefined;
  /**
   * Tables of plain data (a scheduled report's stats and metrics), when the alert was sent
   * with some. `body` ends with them as text, for channels that do not render tables.
   */
  readonly tables?: readonly AlertTable[] | undefined;
}

/**
 * Validate and normalise one alert.
 * @throws AlertValidationError naming the first offending field.
 */
export function createAlert(input: unknown, path = ''): Alert {
  return createAlertAt(input, path, monotonicNow());
}

/** `createAlert`, with the `monotonicNow()` reading the caller already has (one clock read per send). */
export function createAlertAt(
  input: unknown,
  at: AlertPath,
  monotonic: number,
  rule?: FingerprintRule,
): Alert {
  let alert: Alert;
  try {
    alert = fastAlert(input, monotonic, rule) ?? parseAlert(input, pathOf(at), monotonic, rule);
  } catch (error) {
    if (AlertValidationError.isInstance(error)) throw error;
    // A getter that throws, a Proxy trap: the input could not be read.
    const reason = error instanceof Error ? error.message : String(error);
    throw new AlertValidationError(where(pathOf(at), ''), `could not be read: ${reason}`, {
      cause: error,
    });
  }
  // A rule function runs now, so one that throws rejects the send, not a channel's delivery.
  if (typeof rule === 'function') {
    try {
      void alert.fingerprint;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AlertValidationError(
        where(pathOf(at), 'fingerprint'),
        `could not be made: ${reason}`,
        { cause: error },
      );
    }
  }
  return alert;
}

/**
 * Validate a whole batch before any of it is routed. Indexes, not `map`: a hole in the
 * array is an invalid alert at its index, not one skipped.
 */
export function createAlerts(
  inputs: readonly unknown[],
  now: number,
  rule: FingerprintRule | undefined,
): Alert[] {
  const batch = new Array<Alert>(inputs.length);
  for (let i = 0; i < inputs.length; i++) batch[i] = createAlertAt(inputs[i], i, now, rule);
  return batch;
}

/**
 * Where an alert is, for an error: a path prefix (`''` for a lone alert), or its index in a
 * batch, made into `[2].` only when an error names it (not for each alert of every batch).
 */
type AlertPath = string | number;

const pathOf = (at: AlertPath): string => (typeof at === 'number' ? `[${at}].` : at);

/** `[2].` + `labels.host` -> `[2].labels.host`; the whole input -> `[2]` or `(alert)`. */
function where(path: string, field: string): string {
  if (field !== '') return `${path}${field}`;
  return path.replace(/\.$/, '') || '(alert)';
}

/** The zod path: the schema decides, and names the first offending field. */
function parseAlert(
  input: unknown,
  path: string,
  monotonic: number,
  rule: FingerprintRule | undefined,
): Alert {
  // zod drops an own `__proto__` key of a record without a word (JSON.parse makes one).
  const labels = (input as { labels?: unknown } | null)?.labels;
  if (typeof labels === 'object' && labels !== null && Object.hasOwn(labels, '__proto__'))
    throw new AlertValidationError(`${path}labels.__proto__`, 'is not allowed as a label name');
  const parsed = alertInputSchema().safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? '' : formatPath(issue.path);
    throw new AlertValidationError(where(path, field), issue?.message ?? 'is invalid', {
      cause: parsed.error,
    });
  }
  const data = parsed.data;
  const epochMs = data.timestamp === undefined ? wallTime(monotonic) : toEpochMs(data.timestamp);
  if (Number.isNaN(epochMs)) {
    throw new AlertValidationError(`${path}timestamp`, 'is not a valid date');
  }
  return build({ ...data, level: data.level ?? 10, timestamp: epochMs }, rule);
}

/** Fields `fastAlert` knows; an alert using any other field of the schema goes through zod. */
export const FAST_FIELDS: ReadonlySet<string> = new Set([
  'title',
  'body',
  'level',
  'labels',
  'source',
  'timestamp',
  'timestampInTitle',
  'id',
  'dedupKey',
]);
/**
 * Fields of the schema the fast path does not know (none today): an alert using one goes
 * through zod. Listed by hand, so the fast path needs no zod; alert.test.ts checks the list.
 */
export const UNHANDLED_FIELDS: readonly string[] = ['tables'];

/**
 * The hot path for the common, plainly valid alert: the same result the schema gives, at a
 * fraction of the cost. Anything outside its narrow subset (label numbers, date strings,
 * odd prototypes, anything invalid) returns undefined and goes through the schema, so zod
 * stays the one source of truth for what is accepted and for every error message.
 * `alert.test.ts` checks the two agree on generated inputs.
 */
function fastAlert(
  input: unknown,
  monotonic: number,
  rule: FingerprintRule | undefined,
): Alert | undefined {
  if (typeof input !== 'object' || input === null) return;
  const o = input as Record<string, unknown>;
  // A property read before each Object.getPrototypeOf: it gives the optimiser the object's
  // map, so the check folds to a constant; without one it is a call into the runtime
  // (~3% of a one-channel send under perf).
  const rawTitle = o.title;
  if (Object.getPrototypeOf(o) !== Object.prototype) return;
  if (typeof rawTitle !== 'string') return;
  const title = plainEnds(rawTitle) ? rawTitle : rawTitle.trim();
  if (title === '') return;
  const body = o.body === undefined ? '' : o.body;
  if (typeof body !== 'string') return;
  let level: AlertLevel = 10;
  if (o.level !== undefined) {
    const known = lookupAlertLevel(o.level);
    if (known === undefined) return;
    level = known;
  }
  const labels: Record<string, string> = {};
  if (o.labels !== undefined) {
    const raw = o.labels;
    if (
      typeof raw !== 'object' ||
      raw === null ||
      (raw as { constructor?: unknown }).constructor !== Object ||
      Object.getPrototypeOf(raw) !== Object.prototype
    )
      return;
    for (const key in raw) {
      const value = (raw as Record<string, unknown>)[key];
      if (key === '' || key === '__proto__' || typeof value !== 'string') return;
      labels[key] = value;
    }
  }
  const { source, timestamp, timestampInTitle, id, dedupKey } = o;
  if (source !== undefined && typeof source !== 'string') return;
  if (timestampInTitle !== undefined && typeof timestampInTitle !== 'boolean') return;
  if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > 200)) return;
  if (
    dedupKey !== undefined &&
    (typeof dedupKey !== 'string' ||
      dedupKey.length === 0 ||
      dedupKey.length > MAX_FINGERPRINT_CHARS)
  )
    return;
  let epochMs: number;
  if (timestamp === undefined) epochMs = wallTime(monotonic);
  else if (timestamp instanceof Date && !Number.isNaN(timestamp.getTime()))
    epochMs = timestamp.getTime();
  else return;
  for (let i = 0; i < UNHANDLED_FIELDS.length; i++)
    if (o[UNHANDLED_FIELDS[i] as string] !== undefined) return;
  return build(
    {
      id,
      title,
      body,
      level,
      labels,
      source,
      timestamp: epochMs,
      timestampInTitle,
      dedupKey,
      tables: undefined,
    },
    rule,
  );
}

/**
 * Does the string start and end with a printable ASCII character, so `trim()` would return it
 * unchanged? Every character `trim` removes is below U+0021 or above U+007E. Two reads
 * instead of a call on every alert.
 */
function plainEnds(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f;
}

/** What `build` makes an alert from: the schema's output, the time as epoch milliseconds. */
type AlertFields = Omit<z.output<AlertInputSchema>, 'timestamp' | 'level'> & {
  level: AlertLevel;
  timestamp: number;
};

/** The one place an `Alert` is made, from validated fields (either path). */
function build(fields: AlertFields, rule: FingerprintRule | undefined): Alert {
  const { title, level, tables } = fields;
  const alert = new AcceptedAlert(
    fields.id ?? nextAlertId(),
    title,
    fields.timestampInTitle
      ? `${formatTimestamp(alertTimestamp(fields.timestamp))} ::: ${title}`
      : title,
    tables === undefined ? fields.body : bodyWithTables(fields.body, tables),
    level,
    fields.labels,
    fields.source,
    fields.timestamp,
    fields.dedupKey,
    rule,
    undefined,
  );
  return tables === undefined || tables.length === 0 ? alert : withTables(alert, tables);
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, kstlib's timestamp layout. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
