import { type AlertInput, type AlertLevelInput, hashFingerprint } from '@tocsin/core';
import { nextCollectorAlertId } from './alert-ids.js';

/** A datagram the UDP intake drops, with the reason it logs. */
export class BadDatagram extends Error {
  override name = 'BadDatagram';
}

/** Python logging's level names, as failnozzle's log handler may send them (`levelname`). */
const PYTHON_LEVELS: Readonly<Record<string, AlertLevelInput>> = {
  DEBUG: 'info',
  INFO: 'info',
  WARNING: 'warning',
  WARN: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
  FATAL: 'critical',
};

/**
 * One failnozzle JSON datagram as an alert. What failnozzle's summary groups by is where
 * the error was raised and what it said: `kind`, `module`, `funcName`, `filename`,
 * `lineno` and `message` make the `dedupKey` (never the sending host, the traceback's
 * text or the time), so a digest shows "4× ... on host1, host2" as failnozzle's mail does.
 * Title: the message's first line; body: the whole message, where it was raised, and
 * `exc_text`; labels: `kind`, `module`, `function`, `file`, `line` and `host` (failnozzle's
 * `source`, the sending host). Level: error (failnozzle's handler takes ERROR and up), or
 * the record's `levelname` when it sends one.
 * @throws BadDatagram when it is not JSON, not an object, or has no `message`
 */
export function readFailnozzleDatagram(data: Buffer): AlertInput {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch (error) {
    throw new BadDatagram(`not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new BadDatagram('expected a JSON object with failnozzle’s fields');
  const record = json as Record<string, unknown>;
  const message = text(record.message);
  if (message === '') throw new BadDatagram('`message`: expected a non-empty string');
  const where = {
    kind: text(record.kind),
    module: text(record.module),
    function: text(record.funcName),
    file: text(record.filename) || text(record.pathname),
    line: text(record.lineno),
  };
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(where)) if (value !== '') labels[name] = value;
  const host = text(record.source) || text(record.host);
  if (host !== '') labels.host = host;
  const site = where.file === '' ? '' : `${where.file}${where.line ? `:${where.line}` : ''}`;
  const raisedIn = [where.function && `in ${where.function}`, site && `(${site})`]
    .filter(Boolean)
    .join(' ');
  const excText = text(record.exc_text);
  return {
    id: nextCollectorAlertId(),
    title: firstLine(message),
    body: [message, raisedIn && `Raised ${raisedIn}`, excText].filter(Boolean).join('\n\n'),
    level: PYTHON_LEVELS[text(record.levelname).toUpperCase()] ?? 'error',
    labels,
    source: where.kind || 'failnozzle',
    // Level 0 and no title: the key is failnozzle's fields alone.
    dedupKey: `failnozzle:${hashFingerprint(0, message, where, undefined)}`,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function firstLine(message: string): string {
  const line = message.trim().split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
