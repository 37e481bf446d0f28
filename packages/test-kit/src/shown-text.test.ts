import { describe, expect, it } from 'vitest';
import { shownText } from './shown-text.js';

describe('shownText', () => {
  it('holds what String, the stack, inspect (hidden and nested) and JSON show of an error', () => {
    const error = new Error('outer', { cause: new Error('deep cause') });
    Object.defineProperty(error, 'hidden', { value: 'hidden-part', enumerable: false });
    Object.assign(error, { nested: { a: { b: { c: { d: 'nested-part' } } } } });
    const shown = shownText(error);
    for (const part of ['Error: outer', 'deep cause', 'hidden-part', 'nested-part', 'at '])
      expect(shown).toContain(part);
  });

  it('takes values that are not errors, undefined too', () => {
    expect(shownText({ url: 'https://x/y' })).toContain('"url":"https://x/y"');
    expect(shownText(undefined)).toContain('undefined');
  });
});
