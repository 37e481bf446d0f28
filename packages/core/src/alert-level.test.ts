import { describe, expect, it } from 'vitest';
import { AlertLevel, alertLevelName, lookupAlertLevel, parseAlertLevel } from './alert-level.js';

describe('AlertLevel', () => {
  it('has kstlib numbers plus ERROR', () => {
    expect(AlertLevel).toEqual({ INFO: 10, SUCCESS: 11, WARNING: 20, ERROR: 25, CRITICAL: 30 });
  });
  it('accepts names in any case and numbers', () => {
    expect(parseAlertLevel('warning')).toBe(20);
    expect(parseAlertLevel(' Critical ')).toBe(30);
    expect(parseAlertLevel(25)).toBe(25);
    expect(alertLevelName(11)).toBe('SUCCESS');
  });
  it('rejects unknown names, listing the valid ones', () => {
    expect(() => parseAlertLevel('loud', 'minLevel')).toThrow(
      '`minLevel` must be one of INFO, SUCCESS, WARNING, ERROR, CRITICAL (or 10, 11, 20, 25, 30); got "loud"',
    );
    expect(() => parseAlertLevel(15)).toThrow(RangeError);
  });

  it('looks up numbers and exact spellings fast, leaving the rest to parseAlertLevel', () => {
    expect(['WARNING', 'warning', 'Warning', 20].map(lookupAlertLevel)).toEqual([20, 20, 20, 20]);
    // A level number as a string, and a name that is not a string, are not exact spellings.
    for (const value of [' warning', 'wArNiNg', 15, null, '20', 20.5, ['warning'], undefined]) {
      expect(lookupAlertLevel(value), String(value)).toBeUndefined();
    }
    expect(parseAlertLevel('wArNiNg')).toBe(20);
  });

  it('agrees with AlertLevel for every level, in every spelling the fast lookup takes', () => {
    for (const [name, level] of Object.entries(AlertLevel)) {
      const title = name[0] + name.slice(1).toLowerCase();
      for (const spelling of [name, name.toLowerCase(), title, level]) {
        expect(lookupAlertLevel(spelling), String(spelling)).toBe(level);
      }
      expect(alertLevelName(level)).toBe(name);
    }
    expect(() => alertLevelName(15 as AlertLevel)).toThrow('unknown alert level 15');
  });
});
