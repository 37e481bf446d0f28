import { sanitizeHeader } from '../render/sanitize-header.js';

/**
 * A mailbox as a header value: `"Name" <address>` with the name quoted and stripped of line
 * breaks and control characters, or the plain address when there is no name.
 */
export function formatMailbox(
  mailbox: string | { name?: string | undefined; address: string },
): string {
  if (typeof mailbox === 'string') return mailbox;
  const name = sanitizeHeader(mailbox.name ?? '');
  if (name === '') return mailbox.address;
  return `"${name.replace(/["\\]/g, '\\$&')}" <${mailbox.address}>`;
}
