import { createHash } from 'node:crypto';

/** Alert ids made of these characters go into the key as they are (UUIDs do). */
const PLAIN_ID = /^[A-Za-z0-9._~:@-]{1,200}$/;

/**
 * A short, stable fingerprint of what makes one channel's email differ from another's for
 * the same alert (sender, recipients, subject prefix, tags, ...). Two ResendChannels that
 * send one alert to different people must not share an idempotency key, or Resend would
 * answer the second with the first's result and never send it.
 */
export function channelFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * The `Idempotency-Key` for one alert on one channel: `tocsin-alert/<alert id>/<fingerprint>`.
 * The same on every retry of that alert, so Resend sends the email at most once within its
 * 24-hour window; at most 230 characters (Resend allows 256). Ids with characters unsafe in
 * a header are replaced by their SHA-256.
 */
export function idempotencyKey(alertId: string, fingerprint: string): string {
  const id = PLAIN_ID.test(alertId)
    ? alertId
    : `sha256-${createHash('sha256').update(alertId).digest('hex').slice(0, 40)}`;
  return `tocsin-alert/${id}/${fingerprint}`;
}
