/**
 * Console helpers the examples share: a section heading, a plain-text table, an optional
 * environment setting, and a level's name. Not part of Tocsin; only for printing.
 */
import { type AlertInput, alertLevelName, parseAlertLevel } from '@tocsin/core';

/** A heading with a rule under it. */
export function section(title: string): void {
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
}

/** An environment variable, or `undefined` when unset or blank. */
export function setting(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The upper-case level name of an alert (`INFO` when it has none). */
export function levelOf(alert: AlertInput): string {
  return alertLevelName(parseAlertLevel(alert.level ?? 'info'));
}

/** Columns padded to the widest cell (at most 80 characters; longer ones end in `…`). */
export function printTable(header: string[], body: string[][]): void {
  const widths = header.map((h, i) =>
    Math.min(80, Math.max(h.length, ...body.map((row) => (row[i] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return cell.length > width ? `${cell.slice(0, width - 1)}…` : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}
