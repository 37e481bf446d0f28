import { TRUNCATION_MARKER, truncateChars } from '@tocsin/channel-kit';

/** Markdown that Discord reads anywhere in a line: emphasis, code, spoilers, links, `<@…>` syntax. */
const INLINE = /[\\*_~`|[\]()<>]/g;
/** Markdown that Discord reads at the start of a line: headings, lists, subtext (quotes are `>`, escaped above). */
const LINE_START = /^(\s*)([#+-])/gm;
/** Zero-width space: after `@` it keeps `@everyone` and `@here` from being read as mentions. */
const ZWSP = '\u200b';

/**
 * Alert text as Discord shows it literally: every markdown character escaped with a
 * backslash (so `[click](https://evil)` is not a disguised link, `<@123>` not a mention,
 * `**x**` not bold) and a zero-width space after each `@` (so `@everyone` cannot ping even
 * where `allowed_mentions` is not honoured). The message also sends
 * `allowed_mentions: { parse: [] }`: this is the second line of defence.
 */
export function escapeDiscordText(value: string): string {
  return value.replace(INLINE, '\\$&').replace(LINE_START, '$1\\$2').replaceAll('@', `@${ZWSP}`);
}

/**
 * Cut escaped text to `max` characters with the truncation marker, never leaving a lone
 * backslash before the marker (it would escape the marker's first character).
 */
export function truncateDiscordText(value: string, max: number): string {
  const cut = truncateChars(value, max);
  if (cut === value || !cut.endsWith(TRUNCATION_MARKER)) return cut;
  const kept = cut.slice(0, -TRUNCATION_MARKER.length);
  const slashes = /\\*$/.exec(kept)?.[0].length ?? 0;
  return slashes % 2 === 1 ? `${kept.slice(0, -1)}${TRUNCATION_MARKER}` : cut;
}
