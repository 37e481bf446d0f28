import { TABLE_LIMITS } from './limits.js';
import { zod } from './zod.js';

/**
 * A table an alert carries (a scheduled report's stats, an app's metrics): plain data that
 * channels render as they can (an HTML table, a block of a chat message). Every cell is
 * text. The alert's `body` ends with the same tables as aligned text, so a channel that
 * knows nothing of tables still shows them.
 */
export interface AlertTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** A table as `send` takes it: cells may be numbers, booleans or null (an empty cell). */
export interface AlertTableInput {
  title?: string | undefined;
  columns: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>;
}

/** The schema of `tables` in what `send` accepts. Built on first use (see zod.ts). */
export function alertTablesSchema() {
  const z = zod();
  const L = TABLE_LIMITS;
  const cell = z
    .union([z.string(), z.number(), z.boolean(), z.null()])
    .transform((value) => cutCell(value === null ? '' : String(value)));
  return z
    .array(
      z.object({
        title: z.string().max(L.titleChars).default('').describe('Shown above the table'),
        columns: z.array(z.string().max(L.cellChars)).min(1).max(L.columns).describe('Headings'),
        rows: z
          .array(z.array(cell).max(L.columns))
          .max(L.rows)
          .describe('Cells: strings, numbers, booleans or null (empty)'),
      }),
    )
    .max(L.tables)
    .describe(
      `Tables of plain data (at most ${L.tables}, each of at most ${L.columns} columns and ${L.rows} rows); the body gets them as text too`,
    );
}

/** Longer cells end in `…` (a report's fingerprint titles may be long). */
function cutCell(text: string): string {
  const line = text.replace(/[\r\n\t]+/g, ' ');
  return line.length <= TABLE_LIMITS.cellChars
    ? line
    : `${line.slice(0, TABLE_LIMITS.cellChars - 1)}…`;
}

/**
 * Tables as aligned plain text, each under its title: what the body of an alert with
 * tables ends with. Columns are padded to their widest cell (at most 60 characters; longer
 * cells end in `…`), numbers aligned right.
 */
export function tablesText(tables: readonly AlertTable[]): string {
  return tables.map(tableText).join('\n\n');
}

const MAX_WIDTH = 60;

function tableText(table: AlertTable): string {
  const { columns, rows } = table;
  const widths = columns.map((heading, i) =>
    Math.min(MAX_WIDTH, Math.max(heading.length, ...rows.map((row) => (row[i] ?? '').length))),
  );
  const numeric = columns.map(
    (_, i) => rows.length > 0 && rows.every((row) => /^-?[\d.,]+%?$/.test(row[i] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    widths
      .map((width, i) => {
        const cell = cells[i] ?? '';
        const fitted = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
        return numeric[i] ? fitted.padStart(width) : fitted.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const lines = table.title === '' ? [] : [table.title];
  lines.push(line(columns), widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) lines.push(line(row));
  if (rows.length === 0) lines.push('(none)');
  return lines.join('\n');
}

/** The body an alert with tables carries: the given body, then the tables as text. */
export function bodyWithTables(body: string, tables: readonly AlertTable[]): string {
  if (tables.length === 0) return body;
  const text = tablesText(tables);
  return body === '' ? text : `${body}\n\n${text}`;
}

/**
 * The body without the tables' text it ends with: what a channel that renders the tables
 * itself shows above them. The body whole when it does not end with them.
 */
export function bodyBeforeTables(body: string, tables: readonly AlertTable[]): string {
  if (tables.length === 0) return body;
  const text = tablesText(tables);
  if (!body.endsWith(text)) return body;
  return body.slice(0, body.length - text.length).trimEnd();
}
