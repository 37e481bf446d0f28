// CR, LF and tabs become one space (so words do not run together); every other C0/C1
// control character, DEL and the Unicode line/paragraph separators are dropped.
const LINE_BREAKS = /[\r\n\t\u2028\u2029]+/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Make `value` safe to put in a mail header (subject, display name, prefix): CR, LF and
 * tabs are replaced by a space, other control characters removed, and the ends trimmed.
 * With no CR or LF left, a value cannot start a new header line: header injection is
 * impossible whatever the alert's title says.
 */
export function sanitizeHeader(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(CONTROLS, '').trim();
}
