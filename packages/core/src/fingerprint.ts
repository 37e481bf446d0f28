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

/** Two hex digits per byte, made once: formatting is most of a short hash's cost. */
const HEX = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

function hex(): string {
  let a = h1;
  let b = h2;
  a = Math.imul(a ^ (a >>> 16), 2246822507);
  a ^= Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  return (
    (HEX[(b >>> 24) & 255] as string) +
    HEX[(b >>> 16) & 255] +
    HEX[(b >>> 8) & 255] +
    HEX[b & 255] +
    HEX[(a >>> 24) & 255] +
    HEX[(a >>> 16) & 255] +
    HEX[(a >>> 8) & 255] +
    HEX[a & 255]
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
