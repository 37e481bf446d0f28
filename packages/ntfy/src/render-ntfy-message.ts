import {
  countsText,
  fitDigestEntries,
  occurrencesSentence,
  RESOLVED_TAG,
  resolvedSentence,
  truncateBytes,
  truncateChars,
} from '@tocsin/channel-kit';
import { type Alert, type AlertLevelName, type Digest, formatTimestamp } from '@tocsin/core';

/** ntfy's limits, and the shares of them this channel gives each part of a message. */
export const NTFY_LIMITS = Object.freeze({
  /** Longer messages ntfy turns into an attachment: they are cut instead. */
  messageBytes: 4096,
  title: 250,
  /** The labels line and each digest line, at most. */
  lineBytes: 1024,
  digestEntries: 50,
});

/** Priority 1 (min) to 5 (max) per level. */
export const NTFY_PRIORITIES: Readonly<Record<AlertLevelName, number>> = Object.freeze({
  CRITICAL: 5,
  ERROR: 4,
  WARNING: 4,
  INFO: 3,
  SUCCESS: 3,
});

/** The level's tag: ntfy shows an emoji shortcode tag as the emoji before the title. */
const LEVEL_TAGS: Readonly<Record<AlertLevelName, string>> = {
  CRITICAL: 'rotating_light',
  ERROR: 'x',
  WARNING: 'warning',
  INFO: 'information_source',
  SUCCESS: 'white_check_mark',
};
/** A RESOLVED notice: a check mark, and ntfy's default priority (a recovery is not a page). */
const RESOLVED_NTFY = { tag: 'white_check_mark', priority: 3 } as const;

/** What rendering needs from the options. */
export interface NtfyRenderSettings {
  readonly topic: string;
  readonly priority?: number | undefined;
  readonly tags: readonly string[];
  readonly click?: string | undefined;
}

/** The JSON ntfy takes at its root: `markdown: false`, so every text is shown as it is. */
export interface NtfyMessage {
  topic: string;
  title: string;
  message: string;
  priority: number;
  tags: string[];
  markdown: false;
  click?: string;
}

/**
 * The message for `alert`: title, level tag and priority; the body, then the level,
 * labels, source, repeats and time as plain lines (a digest: a line per fingerprint),
 * within ntfy's 4,096 bytes, cut with a visible marker. Alert text never sets a link,
 * an action, an attachment or a header: `click` and `tags` come from the options only.
 * A RESOLVED notice has a check-mark tag, a title starting `RESOLVED:`, the default
 * priority (unless `priority` is set) and first says how long the incident lasted.
 */
export function renderNtfyMessage(alert: Alert, settings: NtfyRenderSettings): NtfyMessage {
  const footer = [`Level: ${alert.levelName}`];
  const labels = Object.entries(alert.labels).map(([name, value]) => `${name}=${value}`);
  if (labels.length > 0) footer.push(line(`Labels: ${labels.join(', ')}`));
  if (alert.source !== undefined) footer.push(line(`Source: ${alert.source}`));
  if (alert.occurrences !== undefined) footer.push(occurrencesSentence(alert.occurrences));
  footer.push(`Time: ${formatTimestamp(alert.timestamp)} UTC`);
  const end = footer.join('\n');
  const room = NTFY_LIMITS.messageBytes - Buffer.byteLength(end) - 2;
  const { resolved } = alert;
  let main = alert.digest === undefined ? alert.body : digestText(alert.digest, room);
  if (resolved !== undefined)
    main = main === '' ? resolvedSentence(resolved) : `${resolvedSentence(resolved)}\n\n${main}`;
  const message = main === '' ? end : `${truncateBytes(main, Math.max(0, room))}\n\n${end}`;
  const title = alert.formattedTitle.replace(/[\r\n\t]+/g, ' ');
  return {
    topic: settings.topic,
    title: truncateChars(
      resolved === undefined ? title : `${RESOLVED_TAG}: ${title}`,
      NTFY_LIMITS.title,
    ),
    message: truncateBytes(message, NTFY_LIMITS.messageBytes),
    priority:
      settings.priority ??
      (resolved === undefined ? NTFY_PRIORITIES[alert.levelName] : RESOLVED_NTFY.priority),
    tags: [
      resolved === undefined ? LEVEL_TAGS[alert.levelName] : RESOLVED_NTFY.tag,
      ...settings.tags,
    ],
    markdown: false,
    ...(settings.click === undefined ? {} : { click: settings.click }),
  };
}

/** A line per fingerprint, most alerts first, as many as fit `room` bytes; then what was left out. */
function digestText(digest: Digest, room: number): string {
  const { items, leftOut } = fitDigestEntries(
    digest,
    NTFY_LIMITS.digestEntries,
    room - 120, // for the "left out" sentence
    (entry) => {
      const { alert } = entry;
      const where = alert.labels.service ?? alert.source;
      const counts = entry.counts.length > 0 ? `: ${countsText(entry, digest.countBy, 5)}` : '';
      return line(
        `${entry.count}X ${alert.formattedTitle}${where === undefined ? '' : ` (in ${where})`}${counts}`,
      );
    },
    (text) => Buffer.byteLength(text),
  );
  if (leftOut !== '') items.push(leftOut);
  return items.join('\n');
}

/** One line: line breaks made spaces (alert text cannot fake a line of its own), cut to 1,024 bytes. */
function line(text: string): string {
  return truncateBytes(text.replace(/[\r\n\t\u2028\u2029]+/g, ' '), NTFY_LIMITS.lineBytes);
}
