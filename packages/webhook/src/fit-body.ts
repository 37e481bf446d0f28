import { FULL_PAYLOAD, type PayloadLimits, WEBHOOK_BODY_LIMITS } from './payload-limits.js';

/** A body layout that can be built smaller. */
export interface FittableBody {
  /** Digest entries of the alert (0 for an ordinary alert). */
  readonly entries: number;
  /** The payload within these limits; `undefined`: all of it, as it is (nothing copied). */
  build(limits: PayloadLimits | undefined): unknown;
  /**
   * The JSON size in bytes of each digest entry as `build` would list it under `limits`, in
   * order, made as they are read: `fitBody` stops at the first that does not fit, so a
   * 10,000-entry digest of which 2,000 fit renders 2,000 to size them, not 10,000.
   */
  entrySizes(limits: PayloadLimits): Iterable<number>;
}

/** Digests of more entries are sized before they are built; smaller ones are built whole first. */
const WHOLE_FIRST_MAX_ENTRIES = 100;

export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The JSON body within `maxBytes`, never an error: all of it when it fits; else the
 * largest digest entries that fit (the payload says how many were left out); else, step
 * by step, shorter texts (with a marker) and fewer labels, and again the entries that fit.
 * Past the last step the body is sent as it is: Tocsin never drops an alert for its size.
 */
export function fitBody(body: FittableBody, maxBytes: number): string {
  // The common case, on every send: an alert or a small digest, built once, and no byte count
  // when even 3 bytes per UTF-16 unit would fit. A big digest (a collector's group sends
  // 10,000 entries at once, 4 MB as JSON) is sized entry by entry instead, so what is built
  // is what is sent.
  if (body.entries <= WHOLE_FIRST_MAX_ENTRIES) {
    const whole = JSON.stringify(body.build(undefined));
    if (whole.length * 3 <= maxBytes || Buffer.byteLength(whole, 'utf8') <= maxBytes) return whole;
  }
  let last = '';
  for (const step of [{}, ...WEBHOOK_BODY_LIMITS.steps]) {
    const limits: PayloadLimits = { ...FULL_PAYLOAD, ...step };
    const fitted = fitEntries(body, limits, maxBytes);
    if (typeof fitted === 'string') return fitted;
    last = fitted.smallest;
  }
  return last;
}

/** The body with as many entries as fit under `limits`, or the smallest it could make. */
function fitEntries(
  body: FittableBody,
  limits: PayloadLimits,
  maxBytes: number,
): string | { smallest: string } {
  const empty = JSON.stringify(body.build({ ...limits, entries: 0 }));
  const emptyBytes = Buffer.byteLength(empty, 'utf8');
  if (body.entries === 0) return emptyBytes <= maxBytes ? empty : { smallest: empty };
  if (emptyBytes > maxBytes) return { smallest: empty };
  // Sized one by one (and a comma each): the list that fits is known before it is built.
  // The empty body counts every entry as left out, so it is never smaller than a fuller one.
  let room = maxBytes - emptyBytes;
  let kept = 0;
  for (const size of body.entrySizes(limits)) {
    if (size + 1 > room) break;
    room -= size + 1;
    kept++;
  }
  for (; kept > 0; kept--) {
    const json = JSON.stringify(body.build({ ...limits, entries: kept }));
    if (Buffer.byteLength(json, 'utf8') <= maxBytes) return json;
  }
  return empty;
}
