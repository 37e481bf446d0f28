import type { AlertInput } from '../alert.js';
import { alertLevelOfLog } from './log-levels.js';

/** A log record as a logger hands it over: pino's JSON line parsed, or winston's `info`. */
export type LogRecord = Readonly<Record<string, unknown>>;

/** How records become alerts, read once from the bridge's options. */
export interface LogMapping {
  /** Fields copied to labels (bindings of child loggers are fields of the record). */
  readonly labels: readonly string[];
  /** The `host` label of a record without `hostname` (winston's records have none). */
  readonly host?: string | undefined;
}

/** A title is one line: the first of the message, this long at most. */
const MAX_TITLE_CHARS = 200;
/** Label values longer than this are cut: labels are for routing, not for text. */
const MAX_LABEL_CHARS = 200;

/**
 * The alert for a record at `level` (pino's scale): `msg` (winston: `message`) is the title,
 * the error's message and stack the body, the chosen fields labels, `hostname` the `host`
 * label and pino's `name` the source. Never throws for any record shape.
 */
export function recordToAlert(record: LogRecord, level: number, mapping: LogMapping): AlertInput {
  const error = errorOf(record);
  const title = titleOf(record.msg ?? record.message, error, level);
  const labels: Record<string, string> = {};
  const host = record.hostname ?? mapping.host;
  if (typeof host === 'string' && host !== '') labels.host = cut(host, MAX_LABEL_CHARS);
  for (const field of mapping.labels) {
    const value = record[field];
    if (
      typeof value === 'string'
        ? value !== ''
        : typeof value === 'number' || typeof value === 'boolean'
    )
      labels[field] = cut(String(value), MAX_LABEL_CHARS);
  }
  const name = record.name;
  return {
    title,
    body: bodyOf(error, title),
    level: alertLevelOfLog(level),
    labels,
    ...(typeof name === 'string' && name !== '' ? { source: name } : {}),
  };
}

interface ErrorFields {
  message: string | undefined;
  stack: string | undefined;
}

/** pino's serialised `err` (or `error`); winston's `stack` on the record itself. */
function errorOf(record: LogRecord): ErrorFields | undefined {
  const candidate = record.err ?? record.error;
  if (typeof candidate === 'object' && candidate !== null) {
    const { message, stack } = candidate as { message?: unknown; stack?: unknown };
    return {
      message: typeof message === 'string' ? message : undefined,
      stack: typeof stack === 'string' ? stack : undefined,
    };
  }
  if (typeof record.stack === 'string') return { message: undefined, stack: record.stack };
  return undefined;
}

function titleOf(message: unknown, error: ErrorFields | undefined, level: number): string {
  const text = typeof message === 'string' ? message.trim() : '';
  const chosen = text !== '' ? text : (error?.message?.trim() ?? '');
  if (chosen === '') return `Log record at level ${level}`;
  const newline = chosen.indexOf('\n');
  return cut(
    newline === -1 ? chosen : chosen.slice(0, newline).trim() || 'Log record',
    MAX_TITLE_CHARS,
  );
}

/** The error's message (when the title is not already it) and its stack (which often repeats it). */
function bodyOf(error: ErrorFields | undefined, title: string): string {
  if (error === undefined) return '';
  const { message, stack } = error;
  const parts: string[] = [];
  if (message !== undefined && message !== title && !stack?.includes(message)) parts.push(message);
  if (stack !== undefined) parts.push(stack);
  else if (message !== undefined && message !== title) parts.push(message);
  return parts.join('\n\n');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
