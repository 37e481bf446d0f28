import type { Alert } from './alert.js';

/**
 * What makes two alerts "the same" for deduplication and grouping, besides level and title:
 * the names of the labels that count (`['service']`; `[]` for none), or a function of the
 * alert that returns the fingerprint itself. Without a rule every label counts, as in
 * Alertmanager. A caller's `dedupKey` always wins over the rule.
 */
export type FingerprintRule = readonly string[] | ((alert: Alert) => string);

/** The most characters a fingerprint (a `dedupKey` or a rule function's answer) may have. */
export const MAX_FINGERPRINT_CHARS = 255;

/**
 * The fingerprint of `alert` under `rule`: its `dedupKey` when it has one, else the rule's.
 * @throws TypeError when a rule function answers with anything but a non-empty string of
 *   at most 255 characters.
 */
export function fingerprintOf(alert: Alert, rule: FingerprintRule | undefined): string {
  if (alert.dedupKey !== undefined) return alert.dedupKey;
  if (typeof rule === 'function') {
    const fingerprint = rule(alert);
    if (
      typeof fingerprint !== 'string' ||
      fingerprint === '' ||
      fingerprint.length > MAX_FINGERPRINT_CHARS
    )
      throw new TypeError(
        `a \`fingerprint\` function must return a non-empty string of at most ${MAX_FINGERPRINT_CHARS} characters; got ${describe(fingerprint)}`,
      );
    return fingerprint;
  }
  return hashFingerprint(alert.level, alert.title, alert.labels, rule);
}

/**
 * 16 hex characters from level, title and the chosen labels (all when `names` is undefined),
 * in sorted order so the order they were written in does not matter. Stable across
 * processes, hosts and releases: receivers (PagerDuty's `dedup_key`) may store it.
 */
export function hashFingerprint(
  level: number,
  title: string,
  labels: Readonly<Record<string, string>>,
  names: readonly string[] | undefined,
): string {
  start();
  feed(String(level));
  feed(title);
  const keys = names === undefined ? Object.keys(labels) : names.filter((n) => n in labels);
  if (keys.length > 1) keys.sort();
  for (const key of keys) {
    feed(key);
    feed(labels[key] as string);
  }
  return hex();
}

/** `hashFingerprint`'s hash of one string, for other stable keys (a digest's group). */
export function hash64(text: string): string {
  start();
  feed(text);
  return hex();
}

/*
 * A 64-bit non-cryptographic hash, as 16 hex characters: two 32-bit lanes multiplied per
 * UTF-16 unit, then mixed (the scheme of the public-domain cyrb53, keeping all 64 bits).
 * Parts are fed in turn, each followed by a separator no string holds (a unit above
 * 0xFFFF), so ("ab", "c") and ("a", "bc") differ. Well spread and ~10x cheaper than a SHA
 * for short strings; fingerprints need no secrecy, only stability and few collisions
 * (about 1 in 10^11 among 10,000 of them). Module state rather than an object: a hash runs
 * start to end without yielding, and this is on every send's path.
 */
let h1 = 0;
let h2 = 0;

function start(): void {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
}

function feed(text: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  h1 = Math.imul(a ^ 0x10000, 2654435761);
  h2 = Math.imul(b ^ 0x10000, 1597334677);
}

const HEX_DIGITS = '0123456789abcdef';

/** The hex digit of bits `shift`..`shift + 3` of `n`, as a character code. */
function digit(n: number, shift: number): number {
  return HEX_DIGITS.charCodeAt((n >>> shift) & 15);
}

/**
 * The mixed lanes as 16 hex digits, made as one flat string: joining pieces would make a
 * rope of strings per alert, more for the young collector to copy while a batch keeps it.
 */
function hex(): string {
  let a = h1;
  let b = h2;
  a = Math.imul(a ^ (a >>> 16), 2246822507);
  a ^= Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  return String.fromCharCode(
    digit(b, 28),
    digit(b, 24),
    digit(b, 20),
    digit(b, 16),
    digit(b, 12),
    digit(b, 8),
    digit(b, 4),
    digit(b, 0),
    digit(a, 28),
    digit(a, 24),
    digit(a, 20),
    digit(a, 16),
    digit(a, 12),
    digit(a, 8),
    digit(a, 4),
    digit(a, 0),
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : `a string of ${value.length} characters`;
  return value === null ? 'null' : typeof value;
}

/**
 * Check a fingerprint rule where it is given (manager or entry options).
 * @throws TypeError naming the option.
 */
export function checkFingerprintRule(rule: unknown, option: string): FingerprintRule | undefined {
  if (rule === undefined || typeof rule === 'function') return rule as FingerprintRule | undefined;
  if (Array.isArray(rule) && rule.every((name) => typeof name === 'string' && name !== ''))
    return Object.freeze([...rule]);
  throw new TypeError(
    `\`${option}\` must be a list of label names or a function (alert) => string; got ${rule === null ? 'null' : typeof rule}`,
  );
}
