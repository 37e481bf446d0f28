// Adaptive Card text is a markdown subset (bold, italic, lists, [links](…)); Teams honours
// backslash escapes. List and heading markers count only at a line's start: `db-1` stays.
const MARKDOWN = /[\\`*_~[\]()<>]|^([ \t]*)(?:([-+#>])|(\d+)\.)/gm;
const LINE_BREAKS = /\r\n?|[\n\u2028\u2029]/g;

/**
 * Escape text for an Adaptive Card TextBlock or Fact so it stays text: `**bold**`,
 * `[click](https://evil)`, `<at>…</at>` and list markers arrive as literal characters.
 * Line breaks become paragraph breaks (a TextBlock joins single ones).
 */
export function escapeTeamsText(value: string): string {
  return value
    .replace(LINE_BREAKS, '\n')
    .replace(MARKDOWN, (char, indent?: string, marker?: string, digits?: string) => {
      if (indent === undefined) return `\\${char}`;
      return marker === undefined ? `${indent}${digits}\\.` : `${indent}\\${marker}`;
    })
    .replace(/\n/g, '\n\n');
}

/** The same, on one line: for titles, names and values. */
export function escapeTeamsLine(value: string): string {
  return escapeTeamsText(value.replace(LINE_BREAKS, ' '));
}
