import { parseChannelOptions, proxyField, webhookUrlCheck } from '@tocsin/channel-kit';
import { type AlertLevel, AlertLevel as Levels, parseAlertLevel } from '@tocsin/core';
import { z } from 'zod';

/** A normalised mention: Slack syntax (`<!here>`, `<@U123>`, `<!subteam^S123>`) and the lowest level it fires at. */
export interface SlackMention {
  readonly text: string;
  readonly minLevel: AlertLevel;
}

// Each accepts the short form (`@here`) or Slack's own syntax (`<!here>`, `<@U…|label>`).
const SPECIAL = /^(?:@(here|channel|everyone)|<!(here|channel|everyone)(?:\|[^>]*)?>)$/i;
const USER = /^(?:@([UW][A-Z0-9]{6,})|<@([UW][A-Z0-9]{6,})(?:\|[^>]*)?>)$/;
const GROUP = /^(?:@(S[A-Z0-9]{6,})|<!subteam\^(S[A-Z0-9]{6,})(?:\|[^>]*)?>)$/;
const MENTION_HELP =
  'must be @here, @channel, @everyone, a user id (@U…) or a user-group id (@S…), several separated by spaces';

/** `'@here @U024BE7LH'` -> `'<!here> <@U024BE7LH>'`, or a message saying what is wrong. */
function toSlackMentions(value: string): string | { error: string } {
  const parts = value.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return { error: `\`mention\` ${MENTION_HELP}; got an empty string` };
  const out: string[] = [];
  for (const part of parts) {
    const special = SPECIAL.exec(part);
    const user = USER.exec(part);
    const group = GROUP.exec(part);
    if (special) out.push(`<!${(special[1] ?? special[2] ?? '').toLowerCase()}>`);
    else if (user) out.push(`<@${user[1] ?? user[2]}>`);
    else if (group) out.push(`<!subteam^${group[1] ?? group[2]}>`);
    else {
      const shown = part.length > 40 ? `${part.slice(0, 40)}…` : part;
      return { error: `\`mention\` ${MENTION_HELP}; got ${JSON.stringify(shown)}` };
    }
  }
  return out.join(' ');
}

const mentionSchema = z
  .union(
    [
      z.string(),
      z.strictObject({
        text: z
          .string({ error: '`mention.text` must be a string such as "@here"' })
          .describe(
            '"@here", "@channel", "@everyone", "@U…" or "@S…", several separated by spaces',
          ),
        minLevel: z
          .union([z.number(), z.string()])
          .optional()
          .describe('Lowest level the mention fires at: a level name or number (default critical)'),
      }),
    ],
    { error: '`mention` must be a string such as "@here" or an object { text, minLevel }' },
  )
  .transform((value, ctx): SlackMention => {
    const spec = typeof value === 'string' ? { text: value, minLevel: undefined } : value;
    const text = toSlackMentions(spec.text);
    if (typeof text !== 'string') {
      ctx.addIssue({ code: 'custom', message: text.error });
      return z.NEVER;
    }
    let minLevel: AlertLevel = Levels.CRITICAL;
    if (spec.minLevel !== undefined) {
      try {
        minLevel = parseAlertLevel(spec.minLevel, 'mention.minLevel');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }
    return Object.freeze({ text, minLevel });
  });

const webhookUrlSchema = z.union([z.string(), z.instanceof(URL)], {
  error: '`webhookUrl` is required: the Slack webhook URL, as a string',
});

/** Options of `SlackChannel`. The same schema validates code options and config files. */
export const slackChannelOptionsSchema = z
  .strictObject({
    /**
     * The webhook to post to: an incoming webhook (`https://hooks.slack.com/services/T…/B…/…`),
     * GovSlack's, a workflow trigger (`…/triggers/…`, `…/workflows/…`) or any https URL that
     * speaks the same protocol. Secret: shown masked everywhere.
     */
    webhookUrl: webhookUrlSchema.describe('Slack webhook URL (https); secret, shown masked'),
    /**
     * Allow a plain `http://` webhook URL. Only for local tests and fakes: over http the
     * URL, which is the credential, travels in clear text.
     * @default false
     */
    allowInsecureHttp: z
      .boolean({ error: '`allowInsecureHttp` must be true or false' })
      .default(false)
      .describe('Accept an http:// webhook URL (local tests only; default false)'),
    /** Display name of the poster. Legacy webhooks only; app webhooks ignore it. */
    username: z
      .string({ error: '`username` must be a string' })
      .min(1, '`username` must be a non-empty string')
      .max(80, '`username` must be at most 80 characters')
      .optional()
      .describe('Poster display name (legacy webhooks only)'),
    /** Poster icon, an emoji shortcode such as `:bell:`. Legacy webhooks only. */
    iconEmoji: z
      .string({ error: '`iconEmoji` must be a string' })
      .regex(/^:[a-z0-9_+'-]+:$/, '`iconEmoji` must be an emoji shortcode such as ":bell:"')
      .optional()
      .describe('Poster icon emoji, such as ":bell:" (legacy webhooks only)'),
    /** Channel to post in (`#alerts`, `@user` or an id), overriding the webhook's. Legacy webhooks only. */
    channelName: z
      .string({ error: '`channelName` must be a string' })
      .min(1, '`channelName` must be a non-empty string')
      .optional()
      .describe('Channel override such as "#alerts" (legacy webhooks only)'),
    /**
     * Seconds one request may take. 1..120, clamped with a warning. Core's per-attempt
     * timeout (`addChannel`'s `timeout`) applies as well, through the abort signal: the
     * shorter wins.
     * @default undefined (only core's per-attempt timeout applies)
     */
    timeout: z
      .number({ error: '`timeout` must be a number of seconds' })
      .optional()
      .describe('Seconds one request may take (1..120)'),
    /** An HTTP(S) proxy URL, or `'env'` for HTTPS_PROXY/NO_PROXY. @default none */
    proxy: proxyField(),
    /**
     * Who to notify on serious alerts. A string (`'@here'`, `'@channel'`, `'@U024BE7LH'`,
     * `'@S0614TZR7'`, several separated by spaces) fires on CRITICAL; `{ text, minLevel }`
     * sets the lowest level. Rendered in Slack's syntax (`<!here>`, `<@U…>`,
     * `<!subteam^S…>`). The only way a mention reaches Slack: alert text is always escaped.
     * @default undefined (no mention)
     */
    mention: mentionSchema
      .optional()
      .describe(
        'Mention on serious alerts: "@here", "@channel", "@U…", "@S…" or { text, minLevel }',
      ),
    /**
     * `'incoming'` posts a Block Kit message; `'workflow'` posts flat string variables
     * (`text`, `title`, `body`, `level`, `labels`, `source`, `timestamp`, `alert_id`) as a
     * Workflow Builder trigger expects.
     * @default 'workflow' when the URL path starts with /triggers/ or /workflows/, else 'incoming'
     */
    webhookType: z
      .enum(['incoming', 'workflow'], { error: "`webhookType` must be 'incoming' or 'workflow'" })
      .optional()
      .describe("'incoming' (Block Kit) or 'workflow' (trigger variables); default from the URL"),
    /** Routing name. @default 'slack' */
    name: z
      .string({ error: '`name` must be a string' })
      .min(1, '`name` must be a non-empty string')
      .default('slack')
      .describe("Routing name (default 'slack')"),
  })
  .superRefine(webhookUrlCheck('the webhook secret'));

/** What `new SlackChannel(options)` takes. */
export type SlackChannelOptions = z.input<typeof slackChannelOptionsSchema>;

/** The options once validated, defaults applied. */
export type ResolvedSlackChannelOptions = z.output<typeof slackChannelOptionsSchema>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks.
 * The message never repeats the webhook URL.
 */
export function parseSlackChannelOptions(options: unknown): ResolvedSlackChannelOptions {
  return parseChannelOptions(slackChannelOptionsSchema, options, {
    channel: 'SlackChannel',
    required: '`webhookUrl`',
  });
}
