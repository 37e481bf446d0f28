import { type AlertInput, createAlert } from '@tocsin/core';
import { resolvedAlert } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html.js';
import { DEFAULT_MAX_BODY_BYTES, renderEmail } from './render-email.js';
import { sanitizeHeader } from './sanitize-header.js';

const at = new Date('2025-03-04T05:06:07.000Z');

describe('renderEmail: subject', () => {
  it('is `{prefix} [{LEVEL}] {title}` with the default prefix [ALERT]', () => {
    const alert = createAlert({ title: 'Database connection lost', level: 'critical' });
    expect(renderEmail(alert).subject).toBe('[ALERT] [CRITICAL] Database connection lost');
    expect(renderEmail(createAlert({ title: 'Disk 91%', level: 'warning' })).subject).toBe(
      '[ALERT] [WARNING] Disk 91%',
    );
  });

  it('uses a custom prefix, and none when it is empty', () => {
    const alert = createAlert({ title: 'CPU high', level: 'error' });
    expect(renderEmail(alert, { subjectPrefix: '[PROD ALERT]' }).subject).toBe(
      '[PROD ALERT] [ERROR] CPU high',
    );
    expect(renderEmail(alert, { subjectPrefix: '' }).subject).toBe('[ERROR] CPU high');
  });

  it('gives SUCCESS `[SUCCESS]` instead of the default [ALERT] prefix, never a doubled tag', () => {
    const alert = createAlert({ title: 'Backup finished', level: 'success' });
    expect(renderEmail(alert).subject).toBe('[SUCCESS] Backup finished');
    // A prefix the user chose is kept.
    expect(renderEmail(alert, { subjectPrefix: '[PROD]' }).subject).toBe(
      '[PROD] [SUCCESS] Backup finished',
    );
    expect(renderEmail(alert, { subjectPrefix: '[ALERT]' }).subject).toBe(
      '[ALERT] [SUCCESS] Backup finished',
    );
  });

  it('never repeats a tag: prefix equal to the level tag, or a title already tagged', () => {
    const critical = createAlert({ title: 'Down', level: 'critical' });
    expect(renderEmail(critical, { subjectPrefix: '[critical]' }).subject).toBe('[critical] Down');
    const tagged = createAlert({ title: '[ALERT] [CRITICAL] Down', level: 'critical' });
    expect(renderEmail(tagged).subject).toBe('[ALERT] [CRITICAL] Down');
    const halfTagged = createAlert({ title: '[ALERT] Down', level: 'critical' });
    expect(renderEmail(halfTagged).subject).toBe('[CRITICAL] [ALERT] Down');
    expect(renderEmail(halfTagged).subject).not.toMatch(/\[ALERT\].*\[ALERT\]/);
  });

  it('uses formattedTitle (the timestamp prefix when asked for)', () => {
    const alert = createAlert({ title: 'Late', timestamp: at, timestampInTitle: true });
    expect(renderEmail(alert).subject).toBe('[ALERT] [INFO] 2025-03-04 05:06:07 ::: Late');
  });

  it('strips CR, LF and control characters from title and prefix: no header injection', () => {
    const alert = createAlert({
      title: 'Hi\r\nBcc: victim@example.com\r\n\r\nbody\u0000\u0007\u001b',
      level: 'info',
    });
    const { subject } = renderEmail(alert, { subjectPrefix: '[X]\r\nX-Evil: 1' });
    expect(subject).toBe('[X] X-Evil: 1 [INFO] Hi Bcc: victim@example.com body');
    expect(subject).not.toMatch(/[\r\n\u0000-\u001f\u007f]/);
  });

  it('never contains a control character, whatever the title and prefix (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (title, prefix) => {
        fc.pre(title.trim() !== '');
        const { subject } = renderEmail(createAlert({ title }), { subjectPrefix: prefix });
        expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
    );
  });

  it('rejects bad options naming them', () => {
    const alert = createAlert({ title: 't' });
    expect(() => renderEmail(alert, { maxBodyBytes: 0 })).toThrow(RangeError);
    expect(() => renderEmail(alert, { maxBodyBytes: 1.5 })).toThrow('`maxBodyBytes`');
    expect(() => renderEmail(alert, { subjectPrefix: 3 as unknown as string })).toThrow(TypeError);
    expect(() => renderEmail(alert, { subjectPrefix: 3 as unknown as string })).toThrow(
      '`subjectPrefix`',
    );
  });
});

describe('renderEmail: text', () => {
  it("follows kstlib's layout exactly", () => {
    const alert = createAlert({
      title: 'Database connection lost',
      body: 'Primary unreachable for 30 s\nfailover started',
      level: 'critical',
      labels: { service: 'api', host: 'db-1' },
    });
    expect(renderEmail(alert).text).toBe(
      [
        'Alert Level: CRITICAL',
        '',
        'Database connection lost',
        '========================',
        '',
        'Primary unreachable for 30 s',
        'failover started',
        '',
        'service: api',
        'host: db-1',
        '---',
        'Sent by Tocsin',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the body block when there is no body, and the rule fits non-ASCII titles', () => {
    const alert = createAlert({ title: 'Übertragung ✓ 🚀', level: 'success' });
    expect(renderEmail(alert).text).toBe(
      [
        'Alert Level: SUCCESS',
        '',
        'Übertragung ✓ 🚀',
        '='.repeat(15),
        '',
        '---',
        'Sent by Tocsin',
        '',
      ].join('\n'),
    );
  });
});

describe('renderEmail: HTML', () => {
  const alert = createAlert({
    title: 'Checkout <b>down</b> & "out"',
    body: '<script>alert(1)</script>\n<img src=x onerror=alert(2)>',
    level: 'warning',
    labels: { 'env<1>': "o'clock" },
    source: 'billing<svc>',
    timestamp: at,
  });
  const { html, subject } = renderEmail(alert);

  it('escapes every piece of alert text: no tag from the alert survives', () => {
    expect(html).toBeDefined();
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Checkout &lt;b&gt;down&lt;/b&gt; &amp; &quot;out&quot;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('env&lt;1&gt;');
    expect(html).toContain('o&#39;clock');
    expect(html).toContain('billing&lt;svc&gt;');
    expect(html).toContain(`<title>${escapeHtml(subject)}</title>`);
  });

  it('has the level banner in the level colour, the body pre-wrapped, labels table and timestamp', () => {
    expect(html).toMatch(/background-color:#ff9800;[^>]*>WARNING</);
    expect(html).toMatch(/<pre style="[^"]*white-space:pre-wrap/);
    expect(html).toMatch(/<table role="presentation"[^>]*>.*env&lt;1&gt;.*o&#39;clock/s);
    expect(html).toContain(
      '<time datetime="2025-03-04T05:06:07.000Z">2025-03-04 05:06:07 UTC</time>',
    );
    const colours = { info: '#36a64f', success: '#36a64f', error: '#e8590c', critical: '#ff0000' };
    for (const [level, colour] of Object.entries(colours)) {
      expect(renderEmail(createAlert({ title: 't', level })).html).toContain(
        `background-color:${colour};`,
      );
    }
  });

  it('loads nothing and runs nothing: no script, no remote URL, no external stylesheet', () => {
    const tags = html?.match(/<[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(10);
    for (const tag of tags) {
      expect(tag).not.toMatch(/^<(script|link|img|iframe|object|embed|style)\b/i);
      expect(tag).not.toMatch(/\s(src|href|on[a-z]+)=/i);
      expect(tag).not.toMatch(/url\(|https?:/i);
    }
  });

  it('is left out with html: false', () => {
    expect(renderEmail(alert, { html: false }).html).toBeUndefined();
  });
});

describe('renderEmail: size limit', () => {
  it('keeps a body up to the limit as it is', () => {
    const body = 'x'.repeat(DEFAULT_MAX_BODY_BYTES);
    const rendered = renderEmail(createAlert({ title: 't', body }));
    expect(rendered.truncated).toBe(false);
    expect(rendered.text).toContain(body);
    expect(rendered.text).not.toContain('truncated');
  });

  it('cuts a body over 100 KB by default, with a visible marker in text and HTML', () => {
    const body = 'y'.repeat(250_000);
    const rendered = renderEmail(createAlert({ title: 't', body }));
    expect(rendered.truncated).toBe(true);
    expect(rendered.text).toContain(
      '[… body truncated by Tocsin: it was 250000 bytes, the limit is 102400]',
    );
    expect(rendered.html).toContain('body truncated by Tocsin');
    expect(rendered.text.match(/y+/)?.[0].length).toBe(102_400);
  });

  it('cuts on a character boundary, never inside a multi-byte character', () => {
    const body = '€'.repeat(100); // 3 bytes each
    const rendered = renderEmail(createAlert({ title: 't', body }), { maxBodyBytes: 10 });
    expect(rendered.text).toContain(
      '€€€\n\n[… body truncated by Tocsin: it was 300 bytes, the limit is 10]',
    );
    expect(rendered.text).not.toContain('\ufffd');
    const emoji = renderEmail(createAlert({ title: 't', body: '🚀🚀🚀' }), { maxBodyBytes: 6 });
    expect(emoji.text).toContain('🚀\n\n[… body truncated');
  });
});

describe('sanitizeHeader and escapeHtml', () => {
  it('sanitizeHeader turns line breaks into one space and drops other controls', () => {
    expect(sanitizeHeader(' a\r\n\tb\u0000c\u007fd\u2028e ')).toBe('a bcd e');
  });
  it('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderEmail: a RESOLVED notice', () => {
  const resolved = (input: Partial<AlertInput>, by: 'resolve' | 'timeout' = 'resolve') =>
    resolvedAlert({ timestamp: at, ...input }, { by });

  it('has a subject starting [RESOLVED], without the default [ALERT], the level kept', () => {
    const alert = resolved({ title: 'Database connection lost', level: 'critical' });
    expect(renderEmail(alert).subject).toBe('[RESOLVED] [CRITICAL] Database connection lost');
    expect(renderEmail(alert, { subjectPrefix: '[PROD]' }).subject).toBe(
      '[RESOLVED] [PROD] [CRITICAL] Database connection lost',
    );
  });

  it('says resolved and for how long in the text and in a green HTML banner', () => {
    const rendered = renderEmail(resolved({ title: 'Disk full', level: 'critical' }));
    const sentence = 'Resolved after 12 min 30 s (37 alerts since 2025-03-04 05:06:07 UTC)';
    expect(rendered.text).toContain('Status: RESOLVED');
    expect(rendered.text).toContain(sentence);
    expect(rendered.html).toContain('background-color:#2eb67d');
    expect(rendered.html).toContain('RESOLVED &middot; CRITICAL');
    expect(rendered.html).toContain(sentence);
    const firing = renderEmail(createAlert({ title: 'Disk full', level: 'critical' }));
    expect(firing.text).not.toContain('RESOLVED');
    expect(firing.html).not.toContain('#2eb67d');
  });

  it('keeps hostile text of a resolved notice escaped and the subject on one line', () => {
    const rendered = renderEmail(
      resolved({
        title: 'x\r\nBcc: evil@example.com <img src=x onerror=alert(1)>',
        body: '<script>alert(1)</script>',
      }),
    );
    expect(rendered.subject).not.toMatch(/[\r\n]/);
    expect(rendered.html).not.toContain('<img');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('&lt;script&gt;');
  });
});
