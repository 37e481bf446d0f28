import { lazy, loadZod, parseChannelOptions } from '@tocsin/channel-kit';
import type { z } from 'zod';

/** Hosts a plain http:// webhook URL may name: local fakes only (the URL is the credential). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Options of `DiscordChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const discordChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  return z.strictObject({
    webhookUrl: z
      .string({ error: '`webhookUrl` is required: the Discord webhook URL, as a string' })
      .superRefine((value, ctx) => {
        const problem = webhookUrlProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(
        'Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>; http only for a loopback host); secret',
      ),
    username: z
      .string({ error: '`username` must be a string' })
      .min(1, '`username` must be a non-empty string')
      .max(80, '`username` must be at most 80 characters')
      .optional()
      .describe("Poster name, 1..80 characters (default: the webhook's)"),
    avatarUrl: z
      .url({ protocol: /^https?$/, error: '`avatarUrl` must be an http(s) URL' })
      .optional()
      .describe("Poster avatar image URL (default: the webhook's)"),
    threadId: z
      .string({ error: '`threadId` must be a string of digits' })
      .regex(/^\d{1,30}$/, '`threadId` must be a string of digits (a thread id)')
      .optional()
      .describe('Thread to post in (a thread id, digits)'),
    timeout: z
      .number({ error: '`timeout` must be a number of seconds' })
      .optional()
      .describe(
        "Seconds one request may wait for the answer (1..120); core's per-attempt timeout applies too",
      ),
    name: z
      .string({ error: '`name` must be a string' })
      .min(1, '`name` must be a non-empty string')
      .default('discord')
      .describe("Routing name (default 'discord')"),
  });
});

/** What is wrong with a webhook URL, never repeating it; undefined when it is fine. */
function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '`webhookUrl` must be an absolute https:// URL; it could not be parsed';
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    return '`webhookUrl` must use https:; http: is accepted only for a loopback host (local tests), since the URL is the credential';
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `\`webhookUrl\` must use https:; got ${url.protocol}`;
  if (url.username !== '' || url.password !== '')
    return '`webhookUrl` must not contain credentials (user:password@)';
  return undefined;
}

/** What `new DiscordChannel(options)` takes. */
export type DiscordChannelOptions = z.input<ReturnType<typeof discordChannelOptionsSchema>>;

/** The options once validated, defaults applied. */
export type ResolvedDiscordChannelOptions = z.output<
  ReturnType<typeof discordChannelOptionsSchema>
>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * never the webhook URL.
 */
export function parseDiscordChannelOptions(options: unknown): ResolvedDiscordChannelOptions {
  return parseChannelOptions(discordChannelOptionsSchema(), options, {
    channel: 'DiscordChannel',
    required: '`webhookUrl`',
  });
}
