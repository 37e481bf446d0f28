import { type Digest, type DigestEntry, formatTimestamp, summaryLine } from '@tocsin/core';
import { countsText, cutDigest, leftOutSentence } from '../digest/cut-digest.js';
import { escapeHtml } from './escape-html.js';
import { sanitizeHeader } from './sanitize-header.js';

/** How much of a digest an email shows; the byte budget (`maxBodyBytes`) may stop it sooner. */
const EMAIL_DIGEST_LIMITS = {
  /** Summary lines in the text part, and rows of the HTML table. */
  summaryLines: 200,
  /** Fingerprints whose details (seen between, counts, body) the text part gives. */
  detailedEntries: 50,
  /** Characters of one summary line, detail heading or table title cell. */
  lineChars: 500,
  /** Characters of each alert's body in the details. */
  detailBodyChars: 2000,
  /** Values of `countBy` listed per fingerprint; the rest are `+N more`. */
  countValues: 10,
  /** Bytes kept back for headings and the "N more" lines. */
  reserveBytes: 512,
} as const;
const L = EMAIL_DIGEST_LIMITS;

/** The digest as failnozzle's text, within `maxBytes`, and whether entries were left out. */
export interface DigestText {
  text: string;
  cut: boolean;
}

/**
 * failnozzle's plain text: "Summary:" with one line per fingerprint and its count, then
 * "Details:" with first and last seen, the counts per host and the body. The largest
 * fingerprints come first; what does not fit in `maxBytes` is counted in an "and N more"
 * line instead of being cut off mid-line.
 */
export function digestText(digest: Digest, maxBytes: number): DigestText {
  const room = Math.max(0, maxBytes - L.reserveBytes);
  let used = 0;
  const take = (text: string, budget: number): boolean => {
    const size = Buffer.byteLength(text, 'utf8') + 1;
    if (used + size > budget) return false;
    used += size;
    return true;
  };

  const lines = ['Summary:'];
  const summary = cutDigest(digest, L.summaryLines, (entry) => {
    const line = oneLine(summaryLine(entry), L.lineChars);
    if (!take(line, room / 2)) return false;
    lines.push(line);
    return true;
  });
  const more = leftOutSentence(summary);
  if (more !== '') lines.push(`... ${more}`);

  lines.push('', 'Details:');
  const total = digest.entries.length;
  const details = cutDigest(digest, L.detailedEntries, (entry, i) => {
    const block = detailBlock(digest, entry, i, total);
    if (!take(block, room)) return false;
    lines.push('', block);
    return true;
  });
  if (details.leftOut > 0)
    lines.push('', `(details of ${details.leftOut} more unique alerts left out)`);
  return { text: lines.join('\n'), cut: summary.leftOut > 0 || details.leftOut > 0 };
}

function detailBlock(digest: Digest, entry: DigestEntry, i: number, total: number): string {
  const lines = [
    `Alert #${i + 1} of ${total}: ${oneLine(summaryLine(entry), L.lineChars)}`,
    `Seen between ${entry.firstSeen.toISOString()} and ${entry.lastSeen.toISOString()}`,
  ];
  for (const [value, count] of entry.counts.slice(0, L.countValues)) {
    const where = value === '' ? `other ${digest.countBy}s` : oneLine(value, L.lineChars);
    lines.push(`- on ${where}, ${count}X`);
  }
  if (entry.counts.length > L.countValues)
    lines.push(`- and ${entry.counts.length - L.countValues} more ${digest.countBy}s`);
  const body = entry.alert.body;
  if (body !== '')
    lines.push(
      '',
      body.length > L.detailBodyChars ? `${body.slice(0, L.detailBodyChars)} [...]` : body,
    );
  return lines.join('\n');
}

const CELL =
  "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2328;font-size:13px;padding:6px 8px;border-bottom:1px solid #d0d7de;vertical-align:top;";

/**
 * The digest as an HTML table: one row per fingerprint (count, title, service, first and
 * last seen, counts per host), the largest first, as many as fit in `maxBytes`, then a
 * row saying how many were left out. Every alert text is escaped.
 */
export function digestTable(digest: Digest, maxBytes: number): string {
  const head = ['Count', 'Alert', 'Service', 'First seen', 'Last seen', `Per ${digest.countBy}`]
    .map(
      (name) =>
        `<th align="left" style="${CELL}font-weight:bold;background-color:#f6f8fa;">${escapeHtml(name)}</th>`,
    )
    .join('');
  const rows = [`<tr>${head}</tr>`];
  let used = 0;
  const room = Math.max(0, maxBytes - L.reserveBytes);
  const cut = cutDigest(digest, L.summaryLines, (entry) => {
    const row = tableRow(digest, entry);
    const size = Buffer.byteLength(row, 'utf8');
    if (used + size > room) return false;
    used += size;
    rows.push(row);
    return true;
  });
  const more = leftOutSentence(cut);
  if (more !== '')
    rows.push(
      `<tr><td colspan="6" style="${CELL}font-style:italic;color:#57606a;">${escapeHtml(capitalise(more))}</td></tr>`,
    );
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">${rows.join('')}</table>`;
}

function tableRow(digest: Digest, entry: DigestEntry): string {
  const { alert } = entry;
  const service = alert.labels.service ?? alert.source ?? '';
  const cells = [
    `<b>${entry.count}X</b>`,
    escapeHtml(oneLine(alert.formattedTitle, L.lineChars)),
    escapeHtml(oneLine(service, L.lineChars)),
    `${formatTimestamp(entry.firstSeen)} UTC`,
    `${formatTimestamp(entry.lastSeen)} UTC`,
    escapeHtml(oneLine(countsText(entry, digest.countBy, L.countValues), L.lineChars * 2)),
  ];
  return `<tr>${cells.map((cell) => `<td style="${CELL}word-break:break-word;">${cell}</td>`).join('')}</tr>`;
}

/** One line of at most `max` characters, `…` at the end when cut. */
function oneLine(text: string, max: number): string {
  const line = sanitizeHeader(text);
  if (line.length <= max) return line;
  let end = max - 1;
  const last = line.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${line.slice(0, end)}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
