import { lazy, loadZod } from '@tocsin/core';
import type { z } from 'zod';
import { sanitizeHeader } from '../render/sanitize-header.js';

/** A mailbox as nodemailer takes it: the display name is `''` when there is none. */
export interface EmailAddress {
  name: string;
  address: string;
}

// A pragmatic check, not RFC 5322: one `@`, no spaces, brackets, quotes, commas or controls.
const ADDRESS = /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+@[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+$/;
const NAMED = /^\s*"?([^"<>]*?)"?\s*<([^<>]*)>\s*$/;

function checkAddress(address: string, ctx: z.RefinementCtx): string {
  const trimmed = address.trim();
  if (!ADDRESS.test(trimmed)) {
    ctx.addIssue({
      code: 'custom',
      message: `is not an email address: ${JSON.stringify(trimmed.slice(0, 80))}`,
    });
  }
  return trimmed;
}

/**
 * One address: `'ops@example.com'`, `'Ops <ops@example.com>'` or `{ name, address }`. Display
 * names lose CR, LF and control characters (they land in a header); addresses with them
 * are rejected.
 */
export const emailAddressSchema = lazy(() => {
  const z = loadZod();
  return z
    .union(
      [
        z.string(),
        z.strictObject({
          name: z.string({ error: 'must be a string' }).optional(),
          address: z.string({ error: 'must be a string' }),
        }),
      ],
      {
        error:
          "must be an email address: 'ops@example.com', 'Ops <ops@example.com>' or { name, address }",
      },
    )
    .transform((value, ctx): EmailAddress => {
      if (typeof value !== 'string') {
        return {
          name: sanitizeHeader(value.name ?? ''),
          address: checkAddress(value.address, ctx),
        };
      }
      const named = NAMED.exec(value);
      if (named !== null)
        return { name: sanitizeHeader(named[1] ?? ''), address: checkAddress(named[2] ?? '', ctx) };
      return { name: '', address: checkAddress(value, ctx) };
    })
    .describe("An address: 'ops@example.com', 'Ops <ops@example.com>' or { name, address }");
});

/** One address or a list of them. */
export const emailAddressListSchema = lazy(() => {
  const z = loadZod();
  return z
    .union([emailAddressSchema(), z.array(emailAddressSchema())], {
      error: 'must be an email address or a list of them',
    })
    .transform((value) => (Array.isArray(value) ? value : [value]));
});
