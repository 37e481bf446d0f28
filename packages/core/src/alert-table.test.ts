import { describe, expect, it } from 'vitest';
import { noticeOf } from './accepted-alert.js';
import { createAlert } from './alert.js';
import { bodyBeforeTables, tablesText } from './alert-table.js';
import { AlertValidationError } from './errors/alert-validation-error.js';

describe('alert tables', () => {
  it('keeps tables as text cells, and the body ends with them as aligned text', () => {
    const alert = createAlert({
      title: 'Nightly figures',
      body: 'From the booking engine.',
      tables: [
        {
          title: 'Pushes',
          columns: ['Hotel', 'Count'],
          rows: [
            ['Alpenhof', 12],
            ['Zur Post', null],
          ],
        },
      ],
    });
    expect(alert.tables).toEqual([
      {
        title: 'Pushes',
        columns: ['Hotel', 'Count'],
        rows: [
          ['Alpenhof', '12'],
          ['Zur Post', ''],
        ],
      },
    ]);
    expect(alert.body).toBe(
      'From the booking engine.\n\nPushes\nHotel     Count\n--------  -----\nAlpenhof  12\nZur Post',
    );
    expect(bodyBeforeTables(alert.body, alert.tables ?? [])).toBe('From the booking engine.');
    expect(JSON.parse(JSON.stringify(alert)).tables).toEqual(alert.tables);
    // An entry's own fingerprint or a repeat count makes a notice: it keeps the tables.
    const notice = noticeOf(alert, 'other', undefined);
    expect(notice.tables).toBe(alert.tables);
  });

  it('an alert without tables has no `tables` field; a body that does not end with them is kept whole', () => {
    expect('tables' in createAlert({ title: 'x' })).toBe(false);
    const tables = [{ title: 't', columns: ['a'], rows: [['1']] }];
    expect(bodyBeforeTables('hand-written', tables)).toBe('hand-written');
    expect(tablesText(tables)).toBe('t\na\n-\n1');
  });

  it('rejects tables past the limits, naming the field', () => {
    const tooMany = Array.from({ length: 21 }, () => ({ columns: ['a'], rows: [] }));
    expect(() => createAlert({ title: 'x', tables: tooMany })).toThrow(AlertValidationError);
    expect(() => createAlert({ title: 'x', tables: [{ columns: [], rows: [] }] })).toThrow(
      /tables\[0\]\.columns/,
    );
    expect(() =>
      createAlert({ title: 'x', tables: [{ columns: ['a'], rows: [[{}]] }] } as never),
    ).toThrow(/tables\[0\]\.rows\[0\]\[0\]/);
  });

  it('cuts long cells and flattens line breaks, so a table stays a table', () => {
    const alert = createAlert({
      title: 'x',
      tables: [{ columns: ['a'], rows: [['one\ntwo'], ['y'.repeat(600)]] }],
    });
    expect(alert.tables?.[0]?.rows[0]).toEqual(['one two']);
    expect(alert.tables?.[0]?.rows[1]?.[0]).toHaveLength(500);
    expect(alert.tables?.[0]?.rows[1]?.[0]?.endsWith('…')).toBe(true);
  });
});
