import { TRUNCATION_MARKER } from '@tocsin/channel-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeSlackText } from '../src/escape-slack-text.js';
import { truncateSlackText } from '../src/truncate-slack-text.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Every `&` starts one of the three entities we produce. */
const ENTITIES_INTACT = /^(?:[^&]|&amp;|&lt;|&gt;)*$/su;

describe('escapeSlackText + truncateSlackText (any input)', () => {
  it('never leaves a control character, a broken entity or a lone surrogate, and respects the limit', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('&', '<', '>', 'a', ' ', '🚨', 'é', '\n', '|', '!'),
          maxLength: 400,
        }),
        fc.integer({ min: TRUNCATION_MARKER.length + 1, max: 300 }),
        (raw, max) => {
          const escaped = escapeSlackText(raw);
          const out = truncateSlackText(escaped, max);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(/[<>]/);
          expect(out).toMatch(ENTITIES_INTACT);
          expect(out).not.toMatch(LONE_SURROGATE);
          if (escaped.length <= max) expect(out).toBe(escaped);
          else expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps as much text as fits: a cut loses at most one entity and the marker', () => {
    const out = truncateSlackText('x'.repeat(500), 150);
    expect(out).toBe(`${'x'.repeat(150 - TRUNCATION_MARKER.length)}${TRUNCATION_MARKER}`);
  });
});
