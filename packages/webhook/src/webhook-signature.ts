import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/** The header a signed request carries: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'tocsin-signature';

export interface SignWebhookPayloadOptions {
  /** The exact request body. */
  payload: string | Uint8Array;
  secret: string | KeyObject;
  /** Unix time in seconds to sign with. @default now */
  timestamp?: number;
}

/**
 * The `tocsin-signature` value for a body: `t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA256, keyed with the secret, over `<t>.<body>`. Signing the time too lets a
 * receiver refuse a replayed request.
 */
export function signWebhookPayload(options: SignWebhookPayloadOptions): string {
  const t = options.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(t) || t < 0) {
    throw new RangeError(`\`timestamp\` must be whole unix seconds >= 0; got ${String(t)}`);
  }
  return `t=${t},v1=${hmac(options.secret, t, options.payload).toString('hex')}`;
}

export interface VerifyWebhookSignatureOptions {
  /** The raw request body, exactly as received (not re-serialised JSON). */
  payload: string | Uint8Array;
  /** The `tocsin-signature` header as received; a missing header fails the check. */
  header: string | readonly string[] | null | undefined;
  /** The shared secret, or several while rotating it (any one may match). */
  secret: string | readonly string[];
  /** Largest gap, in seconds, between the signed time and now, either way. @default 300 */
  toleranceSeconds?: number;
  /** The time to check against (a Date or epoch milliseconds). @default now */
  now?: Date | number;
}

const V1_HEX = /^[0-9a-f]{64}$/;

/**
 * Check a `tocsin-signature` header against the body a receiver got. Returns `false` for
 * a missing or malformed header, a signed time more than `toleranceSeconds` away from
 * now (a replay), or a signature that matches none of the secrets; `true` otherwise.
 * Compares in constant time. Throws only for bad arguments (an empty secret).
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): boolean {
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw new TypeError('`secret` must be a non-empty string or a list of them');
  }
  const tolerance = options.toleranceSeconds ?? 300;
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) {
    throw new RangeError(`\`toleranceSeconds\` must be a number >= 0; got ${String(tolerance)}`);
  }
  if (typeof options.payload !== 'string' && !(options.payload instanceof Uint8Array)) {
    throw new TypeError(
      '`payload` must be the raw request body, a string or a Buffer (read it before any JSON parsing)',
    );
  }
  const header = Array.isArray(options.header) ? options.header[0] : options.header;
  if (typeof header !== 'string') return false;

  let t: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,15}$/.test(value)) t = Number(value);
    else if (key === 'v1' && V1_HEX.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (t === undefined || candidates.length === 0) return false;

  const nowMs = options.now === undefined ? Date.now() : Number(options.now);
  if (!Number.isFinite(nowMs) || Math.abs(nowMs / 1000 - t) > tolerance) return false;

  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secret, t, options.payload);
    // No early exit: every candidate is compared, each in constant time.
    for (const candidate of candidates) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched;
}

function hmac(secret: string | KeyObject, t: number, payload: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${t}.`).update(payload).digest();
}
