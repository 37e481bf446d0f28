import type { AlertTable } from '@tocsin/core';
import { escapeHtml } from './escape-html.js';

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif";
const CELL = `font-family:${FONT};color:#1f2328;font-size:13px;padding:6px 8px;border-bottom:1px solid #d0d7de;vertical-align:top;word-break:break-word;`;
/** Bytes kept back for the closing tags and the "N more rows" lines. */
const RESERVE_BYTES = 1024;

/** An alert's tables as HTML, and whether rows were left out to stay within the budget. */
export interface TablesHtml {
  html: string;
  cut: boolean;
}

/**
 * An alert's tables (`alert.tables`: a scheduled report's stats, an app's metrics) as HTML
 * tables, each under its title, numbers aligned right, as many rows as `maxBytes` allows;
 * a table that did not fit whole ends with a row saying how many were left out. Every cell
 * is escaped.
 */
export function tablesHtml(tables: readonly AlertTable[], maxBytes: number): TablesHtml {
  const room = Math.max(0, maxBytes - RESERVE_BYTES);
  let used = 0;
  let cut = false;
  const parts: string[] = [];
  for (const table of tables) {
    const numeric = table.columns.map(
      (_, i) =>
        table.rows.length > 0 && table.rows.every((row) => /^-?[\d.,]+%?$/.test(row[i] ?? '')),
    );
    const align = (i: number) => (numeric[i] ? 'right' : 'left');
    const head = table.columns
      .map(
        (name, i) =>
          `<th align="${align(i)}" style="${CELL}font-weight:bold;background-color:#f6f8fa;">${escapeHtml(name)}</th>`,
      )
      .join('');
    const title =
      table.title === ''
        ? ''
        : `<p style="font-family:${FONT};color:#1f2328;font-size:14px;font-weight:bold;margin:16px 0 6px 0;">${escapeHtml(table.title)}</p>`;
    const opening = `${title}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>${head}</tr>`;
    used += Buffer.byteLength(opening, 'utf8');
    if (used > room) {
      cut = true;
      break;
    }
    const rows: string[] = [];
    let shown = 0;
    for (const row of table.rows) {
      const html = `<tr>${table.columns.map((_, i) => `<td align="${align(i)}" style="${CELL}">${escapeHtml(row[i] ?? '')}</td>`).join('')}</tr>`;
      const size = Buffer.byteLength(html, 'utf8');
      if (used + size > room) break;
      used += size;
      rows.push(html);
      shown++;
    }
    if (table.rows.length === 0)
      rows.push(
        `<tr><td colspan="${table.columns.length}" style="${CELL}font-style:italic;color:#57606a;">None</td></tr>`,
      );
    if (shown < table.rows.length) {
      cut = true;
      rows.push(
        `<tr><td colspan="${table.columns.length}" style="${CELL}font-style:italic;color:#57606a;">And ${table.rows.length - shown} more rows not shown</td></tr>`,
      );
    }
    parts.push(`${opening}${rows.join('')}</table>`);
  }
  const left = tables.length - parts.length;
  if (left > 0)
    parts.push(
      `<p style="font-family:${FONT};color:#57606a;font-size:13px;font-style:italic;">And ${left} more table${left === 1 ? '' : 's'} not shown</p>`,
    );
  return { html: parts.join('\n'), cut };
}
