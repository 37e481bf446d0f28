import { createHash } from 'node:crypto';

const SAFE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A Message-ID for one alert on one channel: `<{alert id}.{channel}.tocsin@{sender's domain}>`.
 * The same on every retry, so a mail system that saw a message whose reply was lost can
 * recognise the retry as the same message. Parts that are not plain atoms are hashed.
 */
export function alertMessageId(alertId: string, channel: string, fromAddress: string): string {
  const domain =
    fromAddress.slice(fromAddress.lastIndexOf('@') + 1).replace(/[^A-Za-z0-9.-]/g, '') ||
    'tocsin.invalid';
  return `<${atom(alertId)}.${atom(channel)}.tocsin@${domain}>`;
}

function atom(value: string): string {
  return SAFE.test(value) && !value.startsWith('.') && !value.endsWith('.') && !value.includes('..')
    ? value
    : createHash('sha256').update(value).digest('hex').slice(0, 32);
}
