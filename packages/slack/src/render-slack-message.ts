import {
  occurrencesSentence,
  RESOLVED_COLOR,
  RESOLVED_TAG,
  resolvedSentence,
} from '@tocsin/channel-kit';
import { type Alert, bodyBeforeTables, formatTimestamp } from '@tocsin/core';
import { escapeSlackText } from './escape-slack-text.js';
import { blockChars, fitSlackMessage, slackMessageChars } from './fit-slack-message.js';
import { SLACK_LEVEL_STYLES } from './level-style.js';
import { digestBlocks } from './render-slack-digest.js';
import { tableBlocks } from './render-slack-tables.js';
import type { SlackMention } from './slack-channel-options.js';
import { SLACK_LIMITS } from './slack-limits.js';
import { truncateSlackText } from './truncate-slack-text.js';

export { SLACK_LIMITS } from './slack-limits.js';

interface PlainText {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}
interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: Mrkdwn }
  | { type: 'context'; elements: Mrkdwn[] };

/** The JSON posted to an incoming webhook (before `username`, `icon_emoji`, `channel`). */
export interface SlackMessage {
  /** Notification and fallback text; not shown when the blocks are. */
  text: string;
  /** Header, then the mention when there is one. */
  blocks: SlackBlock[];
  /** One attachment: the level's colour bar around the body and the context line. */
  attachments: [{ color: string; fallback: string; blocks: SlackBlock[] }];
}

const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;

/**
 * The Block Kit message for one alert: a header with the level's emoji and the title; the
 * mention (only from the channel's option, only at or above its level); then, inside an
 * attachment coloured for the level, the body (for a digest: a section per fingerprint,
 * the largest first, and "and N more … not shown"), "Seen N times since …" for an alert
 * standing for repeats, and a context line (level, labels, source, time). An alert with
 * `tables` (a scheduled report) gets a section per table, its rows aligned in a code block. All alert text
 * is escaped, and the message is cut to Slack's limits (`SLACK_LIMITS`) with a visible marker.
 * A RESOLVED notice is green, its header says `RESOLVED`, a line says how long the incident
 * lasted, and it mentions no one (a recovery is not a page).
 */
export function renderSlackMessage(alert: Alert, mention?: SlackMention): SlackMessage {
  const resolved = alert.resolved;
  const style = resolved === undefined ? SLACK_LEVEL_STYLES[alert.levelName] : RESOLVED_STYLE;
  const title = escapeSlackText(alert.formattedTitle.replace(LINE_BREAKS, ' '));
  const body = escapeSlackText(alert.body);
  const mentionText =
    mention !== undefined && resolved === undefined && alert.level >= mention.minLevel
      ? mention.text
      : undefined;
  const tag = resolved === undefined ? '' : `${RESOLVED_TAG}: `;

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncateSlackText(`${style.emoji} ${tag}${title}`, SLACK_LIMITS.header),
        emoji: true,
      },
    },
  ];
  if (mentionText !== undefined) blocks.push(section(mentionText));

  const levelTag = resolved === undefined ? '' : `[${RESOLVED_TAG}] `;
  const fallbackHead = `${mentionText === undefined ? '' : `${mentionText} `}${style.emoji} ${levelTag}[${alert.levelName}] ${title}`;
  const hasBody = body.trim() !== '';
  const text = truncateSlackText(
    hasBody ? `${fallbackHead}\n${body}` : fallbackHead,
    SLACK_LIMITS.fallback,
  );

  const details: SlackBlock[] = [];
  if (resolved !== undefined)
    details.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `*${escapeSlackText(resolvedSentence(resolved))}*` }],
    });
  if (alert.occurrences !== undefined)
    details.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `*${occurrencesSentence(alert.occurrences)}*` }],
    });
  const context: SlackBlock = { type: 'context', elements: contextElements(alert) };
  const message: SlackMessage = {
    text,
    blocks,
    attachments: [{ color: style.color, fallback: text, blocks: details }],
  };
  const digest = alert.digest;
  if (digest !== undefined) {
    // The entries get what the rest of the message leaves of Slack's limits.
    const used = slackMessageChars(message) + blockChars(context);
    const room = {
      blocks: SLACK_LIMITS.blocks - blocks.length - details.length - 1,
      chars: SLACK_LIMITS.message - used,
    };
    details.push(...digestBlocks(digest, room));
  } else if (alert.tables !== undefined && alert.tables.length > 0) {
    // The body before the tables, then a section per table (the body's text tables are left out).
    const intro = escapeSlackText(bodyBeforeTables(alert.body, alert.tables));
    if (intro.trim() !== '') details.push(section(truncateSlackText(intro, SLACK_LIMITS.section)));
    details.push(...tableBlocks(alert.tables));
  } else if (hasBody) details.push(section(truncateSlackText(body, SLACK_LIMITS.section)));
  details.push(context);
  return fitSlackMessage(message);
}

/**
 * Flat string variables for a Workflow Builder trigger, escaped and cut the same way:
 * `text`, `title`, `body`, `level`, `labels` (`key=value, …`), `source`, `timestamp`
 * (ISO 8601), `alert_id` and `mention` (empty unless the option fires; always for a
 * RESOLVED notice, whose `text` starts with `[RESOLVED]`).
 */
export function renderWorkflowVariables(
  alert: Alert,
  mention?: SlackMention,
): Record<string, string> {
  const message = renderSlackMessage(alert, mention);
  const labels = Object.entries(alert.labels)
    .map(([key, value]) => `${escapeSlackText(key)}=${escapeSlackText(value)}`)
    .join(', ');
  return {
    text: message.text,
    title: truncateSlackText(escapeSlackText(alert.formattedTitle), SLACK_LIMITS.header),
    body: truncateSlackText(escapeSlackText(alert.body), SLACK_LIMITS.section),
    level: alert.levelName,
    labels: truncateSlackText(labels, SLACK_LIMITS.section),
    source: truncateSlackText(escapeSlackText(alert.source ?? ''), SLACK_LIMITS.section),
    timestamp: alert.timestamp.toISOString(),
    alert_id: escapeSlackText(alert.id),
    mention:
      mention !== undefined && alert.resolved === undefined && alert.level >= mention.minLevel
        ? mention.text
        : '',
  };
}

/** A RESOLVED notice: Slack's green and a check mark, whatever the level. */
const RESOLVED_STYLE = { emoji: ':white_check_mark:', color: RESOLVED_COLOR } as const;

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function contextElements(alert: Alert): Mrkdwn[] {
  const elements: Mrkdwn[] = [{ type: 'mrkdwn', text: `*Level:* ${alert.levelName}` }];
  const labels = Object.entries(alert.labels);
  if (labels.length > 0) {
    const text = labels
      .map(([key, value]) => `*${escapeSlackText(key)}:* ${escapeSlackText(value)}`)
      .join('  ·  ');
    elements.push({ type: 'mrkdwn', text: truncateSlackText(text, SLACK_LIMITS.section) });
  }
  if (alert.source !== undefined && alert.source !== '') {
    const text = `*Source:* ${escapeSlackText(alert.source)}`;
    elements.push({ type: 'mrkdwn', text: truncateSlackText(text, SLACK_LIMITS.section) });
  }
  // Slack shows `<!date^…>` in the reader's time zone; the text after `|` is the fallback.
  const seconds = Math.floor(alert.timestamp.getTime() / 1000);
  elements.push({
    type: 'mrkdwn',
    text: `<!date^${seconds}^{date_num} {time_secs}|${formatTimestamp(alert.timestamp)} UTC>`,
  });
  return elements;
}
