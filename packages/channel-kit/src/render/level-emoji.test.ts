import { AlertLevel, type AlertLevelName } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { LEVEL_EMOJI } from './level-emoji.js';

describe('LEVEL_EMOJI', () => {
  it('has one distinct emoji for each level', () => {
    const names = Object.keys(AlertLevel).filter((key) => Number.isNaN(Number(key)));
    expect(Object.keys(LEVEL_EMOJI).sort()).toEqual([...names].sort());
    const emojis = names.map((name) => LEVEL_EMOJI[name as AlertLevelName]);
    expect(new Set(emojis).size).toBe(names.length);
  });
});
