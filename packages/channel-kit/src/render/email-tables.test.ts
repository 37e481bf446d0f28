import { createAlert } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { renderEmail } from './render-email.js';

const report = () =>
  createAlert({
    title: 'Report "daily": 7 alerts',
    body: 'Period: 2026-12-01 08:00 to 2026-12-02 08:00 (UTC), 1d.',
    tables: [
      {
        title: 'Alerts by level',
        columns: ['Level', 'Alerts'],
        rows: [
          ['ERROR', 5],
          ['INFO', 2],
        ],
      },
      { title: 'Metrics', columns: ['Metric', 'Value'], rows: [['<script>x</script>', 'a & b']] },
    ],
  });

describe('renderEmail: tables', () => {
  it('HTML: the body before the tables, then one escaped HTML table per table, numbers right', () => {
    const { html, text, truncated } = renderEmail(report());
    expect(truncated).toBe(false);
    expect(html).toContain('Period: 2026-12-01 08:00 to 2026-12-02 08:00 (UTC), 1d.</pre>');
    // The tables are not in the <pre> as text too.
    expect(html).not.toContain('Level  Alerts');
    expect(html).toMatch(
      />Alerts by level<\/p><table[^>]*><tr><th align="left"[^>]*>Level<\/th><th align="right"[^>]*>Alerts<\/th><\/tr>/,
    );
    expect(html).toMatch(/<td align="left"[^>]*>ERROR<\/td><td align="right"[^>]*>5<\/td>/);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).not.toContain('<script>');
    // Text: the body as sent, which ends with the tables as aligned text.
    expect(text).toContain(
      'Alerts by level\nLevel  Alerts\n-----  ------\nERROR       5\nINFO        2',
    );
  });

  it('within maxBodyBytes: rows that do not fit are counted, not cut mid-row', () => {
    const alert = createAlert({
      title: 'big',
      tables: [
        {
          title: 'Many',
          columns: ['Key', 'Value'],
          rows: Array.from({ length: 500 }, (_, i) => [`key-${i}`, 'v'.repeat(200)]),
        },
      ],
    });
    const { html, truncated } = renderEmail(alert, { maxBodyBytes: 20_000 });
    expect(truncated).toBe(true);
    const shown = html?.match(/>key-\d+</g)?.length ?? 0;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(500);
    expect(html).toContain(`And ${500 - shown} more rows not shown`);
  });
});
