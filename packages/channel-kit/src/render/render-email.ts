import { type Alert, bodyBeforeTables, formatTimestamp } from '@tocsin/core';
import { occurrencesSentence } from '../digest/occurrences-sentence.js';
import { digestTable, digestText } from './email-digest.js';
import { tablesHtml } from './email-tables.js';
import { escapeHtml } from './escape-html.js';
import { LEVEL_COLORS } from './level-color.js';
import { resolvedSentence } from './resolved-sentence.js';
import { RESOLVED_COLOR, RESOLVED_TAG } from './resolved-style.js';
import { sanitizeHeader } from './sanitize-header.js';
import { truncateUtf8 } from './truncate-utf8.js';

/** The subject prefix when none is given (kstlib's). */
export const DEFAULT_SUBJECT_PREFIX = '[ALERT]';
/** Bodies longer than this many UTF-8 bytes are cut with a visible marker: 100 KB. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024;
/**
 * The most characters of a subject: one header line stays far below RFC 5322's 998
 * characters, whatever the encoding adds; a longer subject ends in `…`.
 */
export const MAX_SUBJECT_CHARS = 250;
/** The title in the text and HTML parts: longer ends in `…`. */
const MAX_TITLE_CHARS = 2000;
/** Labels shown, and characters of each name and value: the message stays bounded. */
const MAX_LABELS = 50;
const MAX_LABEL_CHARS = 200;

export interface RenderEmailOptions {
  /**
   * Goes before `[LEVEL]` in the subject. `''` leaves it out. The default `[ALERT]` is not
   * used for SUCCESS alerts (a success is not an alert): their subject starts `[SUCCESS]`;
   * nor for RESOLVED notices, whose subject starts `[RESOLVED]` (before a prefix you set).
   * @default '[ALERT]'
   */
  subjectPrefix?: string | undefined;
  /**
   * Largest body kept, in UTF-8 bytes; a longer body is cut and a marker says so.
   * @default 102400 (100 KB)
   */
  maxBodyBytes?: number | undefined;
  /**
   * Render the HTML part too.
   * @default true
   */
  html?: boolean | undefined;
}

/** An alert as an email: one-line subject (safe for a header), plain text and HTML. */
export interface RenderedEmail {
  /**
   * `{prefix} [{LEVEL}] {title}` (`[RESOLVED] …` for a RESOLVED notice), with no CR, LF or
   * other control characters.
   */
  subject: string;
  /** kstlib's plain-text layout. */
  text: string;
  /** A self-contained HTML document (tables, inline styles, no scripts or remote assets); `undefined` when `html: false`. */
  html: string | undefined;
  /**
   * True when the body was longer than `maxBodyBytes` and was cut, or a digest's entries
   * did not all fit (the message then says how many were left out).
   */
  truncated: boolean;
}

/**
 * Turn an alert into an email's subject, text and HTML. Used by every email-like channel
 * so they all look alike. All alert text is HTML-escaped in the HTML part; everything
 * that lands in the subject is stripped of CR, LF and control characters. A digest keeps
 * its title as the subject and renders as failnozzle's summary (text) and a table of its
 * fingerprints (HTML), the largest first, as many as `maxBodyBytes` allows, then "and N
 * more"; an alert with `occurrences` says "Seen 37 times since …". A RESOLVED notice
 * (`alert.resolved`) has a subject starting `[RESOLVED]`, a green banner, and says how long
 * the incident lasted ("Resolved after 12 min 30 s (37 alerts since …)").
 * An alert with `tables` (a scheduled report) shows them as HTML tables after the body
 * that precedes them, as many rows as `maxBodyBytes` allows ("And N more rows not shown");
 * its text part has them as aligned text, as the body does.
 * @throws TypeError when `subjectPrefix` is not a string; RangeError when `maxBodyBytes`
 * is not a positive integer.
 */
export function renderEmail(alert: Alert, options: RenderEmailOptions = {}): RenderedEmail {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(
      `\`maxBodyBytes\` must be a positive integer (bytes); got ${String(maxBodyBytes)}`,
    );
  }
  const prefixOption = options.subjectPrefix;
  if (prefixOption !== undefined && typeof prefixOption !== 'string') {
    throw new TypeError(`\`subjectPrefix\` must be a string; got ${typeof prefixOption}`);
  }

  const title = cutChars(sanitizeHeader(alert.formattedTitle), MAX_TITLE_CHARS);
  const subject = neutraliseEncodedWords(
    cutChars(renderSubject(alert, title, prefixOption), MAX_SUBJECT_CHARS),
  );
  // A digest's text is laid out again within the cap, so that what does not fit is
  // counted ("and N more"), not cut off mid-line; the byte cut below stays as the last guard.
  const digest = alert.digest;
  const digestPart = digest === undefined ? undefined : digestText(digest, maxBodyBytes);
  const cut = truncateUtf8(digestPart?.text ?? alert.body, maxBodyBytes);
  const body = cut.truncated
    ? `${cut.text}\n\n${truncationMarker(cut.bytes ?? 0, maxBodyBytes)}`
    : cut.text;
  // Labels render one per line: line breaks inside them collapse as in headers. At most
  // MAX_LABELS, each cut, and a last line says how many more there were.
  const entries = Object.entries(alert.labels);
  const labels = entries
    .slice(0, MAX_LABELS)
    .map(
      ([key, value]) =>
        [
          cutChars(sanitizeHeader(key), MAX_LABEL_CHARS),
          cutChars(sanitizeHeader(value), MAX_LABEL_CHARS),
        ] as const,
    );
  if (entries.length > MAX_LABELS)
    labels.push(['…', `${entries.length - MAX_LABELS} more labels not shown`] as const);

  // Tables (a scheduled report's): the text part has them as text at the end of the body;
  // the HTML part shows the body before them, then real tables.
  const tables = alert.tables !== undefined && alert.tables.length > 0 ? alert.tables : undefined;
  let htmlBody = body;
  let htmlTables: string | undefined;
  let tablesCut = false;
  if (tables !== undefined && options.html !== false) {
    htmlBody = truncateUtf8(bodyBeforeTables(alert.body, tables), maxBodyBytes).text;
    const rendered = tablesHtml(tables, maxBodyBytes - Buffer.byteLength(htmlBody, 'utf8'));
    htmlTables = rendered.html;
    tablesCut = rendered.cut;
  }

  return {
    subject,
    text: renderText(alert, title, body, labels),
    html:
      options.html === false
        ? undefined
        : renderHtml(alert, subject, title, htmlBody, labels, maxBodyBytes, htmlTables),
    truncated: cut.truncated || digestPart?.cut === true || tablesCut,
  };
}

/**
 * `{prefix} [{LEVEL}] {title}`, and `[RESOLVED]` first for a RESOLVED notice. Tags are
 * never doubled: the default `[ALERT]` prefix is dropped for SUCCESS and RESOLVED (neither
 * is an alert), a prefix equal to the level tag is written once, and a tag already among
 * the title's leading `[...]` tags is not repeated.
 */
const LEADING_TAGS = /^(\[[^\]]*\]\s*)+/;

function renderSubject(alert: Alert, title: string, prefixOption: string | undefined): string {
  const levelTag = `[${alert.levelName}]`;
  let prefix = sanitizeHeader(prefixOption ?? DEFAULT_SUBJECT_PREFIX);
  const resolved = alert.resolved !== undefined;
  if (prefixOption === undefined && (alert.levelName === 'SUCCESS' || resolved)) prefix = '';
  const titleUpper = title.toUpperCase();
  const titleTags = new Set(titleUpper.match(LEADING_TAGS)?.[0].match(/\[[^\]]*\]/g) ?? []);
  const parts: string[] = [];
  for (const tag of resolved ? [`[${RESOLVED_TAG}]`, prefix, levelTag] : [prefix, levelTag]) {
    const upper = tag.toUpperCase();
    if (tag === '' || titleTags.has(upper) || titleUpper.startsWith(upper)) continue;
    if (parts.some((part) => part.toUpperCase() === upper)) continue;
    parts.push(tag);
  }
  parts.push(title);
  return parts.join(' ');
}

function renderText(
  alert: Alert,
  title: string,
  body: string,
  labels: ReadonlyArray<readonly [string, string]>,
): string {
  const lines = [`Alert Level: ${alert.levelName}`];
  if (alert.resolved !== undefined) lines.push(`Status: ${RESOLVED_TAG}`);
  lines.push('', title, '='.repeat(Array.from(title).length), '');
  if (alert.resolved !== undefined) lines.push(resolvedSentence(alert.resolved), '');
  if (alert.occurrences !== undefined) lines.push(occurrencesSentence(alert.occurrences), '');
  if (body !== '') lines.push(body, '');
  for (const [key, value] of labels) lines.push(`${key}: ${value}`);
  lines.push('---', 'Sent by Tocsin', '');
  return lines.join('\n');
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif";
const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";

function renderHtml(
  alert: Alert,
  subject: string,
  title: string,
  body: string,
  labels: ReadonlyArray<readonly [string, string]>,
  maxBodyBytes: number,
  tables: string | undefined,
): string {
  const resolved = alert.resolved;
  const color = resolved === undefined ? LEVEL_COLORS[alert.levelName] : RESOLVED_COLOR;
  const banner =
    resolved === undefined ? alert.levelName : `${RESOLVED_TAG} &middot; ${alert.levelName}`;
  const cell = `font-family:${FONT};color:#1f2328;`;
  const rows: string[] = [
    `<tr><td style="font-family:${FONT};background-color:${color};color:#ffffff;padding:12px 24px;font-size:14px;font-weight:bold;letter-spacing:1px;">${banner}</td></tr>`,
    `<tr><td style="${cell}padding:20px 24px 4px 24px;font-size:20px;line-height:1.3;font-weight:bold;">${escapeHtml(title)}</td></tr>`,
  ];
  if (alert.source !== undefined && alert.source !== '') {
    rows.push(
      `<tr><td style="${cell}padding:0 24px;font-size:13px;color:#57606a;">from ${escapeHtml(sanitizeHeader(alert.source))}</td></tr>`,
    );
  }
  if (resolved !== undefined) {
    rows.push(
      `<tr><td style="${cell}padding:4px 24px 0 24px;font-size:14px;font-weight:bold;">${escapeHtml(resolvedSentence(resolved))}</td></tr>`,
    );
  }
  if (alert.occurrences !== undefined) {
    rows.push(
      `<tr><td style="${cell}padding:4px 24px 0 24px;font-size:14px;font-weight:bold;">${escapeHtml(occurrencesSentence(alert.occurrences))}</td></tr>`,
    );
  }
  if (alert.digest !== undefined) {
    rows.push(
      `<tr><td style="padding:12px 24px;">${digestTable(alert.digest, maxBodyBytes)}</td></tr>`,
    );
  } else if (body !== '') {
    rows.push(
      `<tr><td style="padding:12px 24px;"><pre style="margin:0;padding:12px;white-space:pre-wrap;word-wrap:break-word;overflow-wrap:anywhere;font-family:${MONO};font-size:13px;line-height:1.5;color:#1f2328;background-color:#f6f8fa;border:1px solid #d0d7de;">${escapeHtml(body)}</pre></td></tr>`,
    );
  }
  if (tables !== undefined && alert.digest === undefined)
    rows.push(`<tr><td style="padding:0 24px 12px 24px;">${tables}</td></tr>`);
  if (labels.length > 0) {
    const labelRows = labels
      .map(
        ([key, value]) =>
          `<tr><td style="${cell}padding:4px 12px 4px 0;font-size:13px;font-weight:bold;vertical-align:top;white-space:nowrap;">${escapeHtml(key)}</td><td style="${cell}padding:4px 0;font-size:13px;vertical-align:top;word-break:break-word;">${escapeHtml(value)}</td></tr>`,
      )
      .join('');
    rows.push(
      `<tr><td style="padding:4px 24px 12px 24px;"><table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">${labelRows}</table></td></tr>`,
    );
  }
  const when = formatTimestamp(alert.timestamp);
  rows.push(
    `<tr><td style="${cell}padding:12px 24px 20px 24px;font-size:12px;color:#57606a;border-top:1px solid #d0d7de;"><time datetime="${alert.timestamp.toISOString()}">${when} UTC</time> &middot; Sent by Tocsin</td></tr>`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background-color:#f3f4f6;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">',
    '<tr><td align="center" style="padding:24px 12px;">',
    '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #d0d7de;">',
    rows.join('\n'),
    '</table>',
    '</td></tr></table>',
    '</body></html>',
    '',
  ].join('\n');
}

function truncationMarker(bytes: number, limit: number): string {
  return `[… body truncated by Tocsin: it was ${bytes} bytes, the limit is ${limit}]`;
}

/** At most `max` characters (code points), the last one `…` when cut. */
function cutChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * An encoded-word (`=?utf-8?b?…?=`) in alert text would be decoded by mail clients and
 * show as other text (a spoofed subject). A word joiner after each `=` of a `=?` keeps it
 * literal: the subject is then encoded whole, and clients show what the alert said.
 */
function neutraliseEncodedWords(subject: string): string {
  return subject.includes('=?') ? subject.replaceAll('=?', '=\u2060?') : subject;
}
