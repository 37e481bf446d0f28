import {
  countsText,
  escapeHtml,
  fitDigestEntries,
  LEVEL_EMOJI,
  occurrencesSentence,
  RESOLVED_EMOJI,
  RESOLVED_TAG,
  resolvedSentence,
  truncateChars,
} from '@tocsin/channel-kit';
import { type Alert, type Digest, formatTimestamp } from '@tocsin/core';
import { TELEGRAM_LIMITS as LIMITS } from './telegram-limits.js';

/** Plain alert text, or text inside one of our own tags. Alert text never becomes a tag. */
type Span = string | readonly ['b' | 'i' | 'code', string];
type Line = readonly Span[];

const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;
/** Room kept for the "and N more … not shown" line of a digest. */
const LEFT_OUT_ROOM = 120;

/**
 * The `text` of `sendMessage` in `parse_mode: 'HTML'`: a bold title with the level's emoji,
 * the body (for a digest: each fingerprint with its counts, largest first), the labels,
 * the source, "Seen N times since …" and the time. Every piece of alert text is escaped
 * (`&`, `<`, `>`, quotes), so only our own `<b>`, `<i>` and `<code>` tags reach Telegram; a
 * hostile `<a href>` arrives as text. Cut to Telegram's 4,096 characters as the reader
 * sees them (tags not counted, `&lt;` one character), with a visible marker. A RESOLVED
 * notice's title starts `✅ [RESOLVED]`, and a line below it says how long the incident lasted.
 */
export function renderTelegramText(alert: Alert): string {
  const { resolved } = alert;
  const tag =
    resolved === undefined ? LEVEL_EMOJI[alert.levelName] : `${RESOLVED_EMOJI} [${RESOLVED_TAG}]`;
  const title = oneLine(`${tag} [${alert.levelName}] ${alert.formattedTitle}`);
  const head: Line[] = [[['b', truncateChars(title, LIMITS.title)]]];
  if (resolved !== undefined) head.push([['i', resolvedSentence(resolved)]]);
  const tail: Line[] = [];
  const labels = labelsLine(alert.labels);
  if (labels.length > 0) tail.push(labels);
  if (alert.source !== undefined && alert.source !== '')
    tail.push([['i', 'Source: '], truncateChars(oneLine(alert.source), LIMITS.source)]);
  if (alert.occurrences !== undefined) tail.push([['i', occurrencesSentence(alert.occurrences)]]);
  tail.push([['code', `${formatTimestamp(alert.timestamp)} UTC`]]);
  // The body gets what the other lines leave, and the line breaks (one between lines, a blank line around the body).
  const room = LIMITS.text - visible([...head, ...tail]) - head.length - tail.length - 3;
  const body: Line[] =
    alert.digest !== undefined
      ? digestLines(alert.digest, room)
      : alert.body.trim() === ''
        ? []
        : [[truncateChars(alert.body.trim(), room)]];
  const blocks = [head, body, tail].filter((lines) => lines.length > 0);
  return blocks.map((lines) => lines.map(html).join('\n')).join('\n\n');
}

function labelsLine(labels: Readonly<Record<string, string>>): Line {
  const entries = Object.entries(labels);
  const line: Span[] = [];
  for (const [key, value] of entries.slice(0, LIMITS.labels)) {
    if (line.length > 0) line.push(' · ');
    line.push(['b', `${truncateChars(oneLine(key), LIMITS.labelKey)}:`]);
    line.push(` ${truncateChars(oneLine(value), LIMITS.labelValue)}`);
  }
  if (entries.length > LIMITS.labels) line.push(['i', ` +${entries.length - LIMITS.labels} more`]);
  return line;
}

/** Two lines per fingerprint, largest first, as many as fit `room`; then what was left out. */
function digestLines(digest: Digest, room: number): Line[] {
  const { items, leftOut } = fitDigestEntries(
    digest,
    digest.entries.length,
    room - LEFT_OUT_ROOM,
    (entry) => {
      const title = truncateChars(oneLine(entry.alert.formattedTitle), LIMITS.digestTitle);
      const first: Span[] = [['b', `${entry.count}×`], ` ${title}`];
      const service = entry.alert.labels.service ?? entry.alert.source;
      if (service !== undefined && service !== '')
        first.push(' ', ['i', `(in ${truncateChars(oneLine(service), LIMITS.digestTitle)})`]);
      return entry.counts.length > 0
        ? [first, [countsText(entry, digest.countBy, LIMITS.digestCounts)]]
        : [first];
    },
    // A line break after each line; the helper counts the last one.
    (entryLines: Line[]) => visible(entryLines) + entryLines.length - 1,
  );
  const lines = items.flat();
  if (leftOut !== '') lines.push([['i', leftOut]]);
  return lines;
}

/** Characters the reader sees: the spans' text, without our tags. */
function visible(lines: readonly Line[]): number {
  let chars = 0;
  for (const line of lines)
    for (const span of line) chars += typeof span === 'string' ? span.length : span[1].length;
  return chars;
}

function html(line: Line): string {
  return line
    .map((span) =>
      typeof span === 'string'
        ? escapeHtml(span)
        : `<${span[0]}>${escapeHtml(span[1])}</${span[0]}>`,
    )
    .join('');
}

function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}
