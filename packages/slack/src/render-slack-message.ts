import { type Alert, formatTimestamp } from '@tocsin/core';
import { escapeSlackText } from './escape-slack-text.js';
import { SLACK_LEVEL_STYLES } from './level-style.js';
import type { SlackMention } from './slack-channel-options.js';
import { truncateSlackText } from './truncate-slack-text.js';

/** Slack's limits, in characters: a header block's text, and a section's or context element's text. */
export const SLACK_LIMITS = { header: 150, section: 3000, fallback: 3000 } as const;

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
 * attachment coloured for the level, the body and a context line (level, labels, source,
 * time). All alert text is escaped, and cut to Slack's limits with a visible marker.
 */
export function renderSlackMessage(alert: Alert, mention?: SlackMention): SlackMessage {
  const style = SLACK_LEVEL_STYLES[alert.levelName];
  const title = escapeSlackText(alert.formattedTitle.replace(LINE_BREAKS, ' '));
  const body = escapeSlackText(alert.body);
  const mentionText =
    mention !== undefined && alert.level >= mention.minLevel ? mention.text : undefined;

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncateSlackText(`${style.emoji} ${title}`, SLACK_LIMITS.header),
        emoji: true,
      },
    },
  ];
  if (mentionText !== undefined) blocks.push(section(mentionText));

  const fallbackHead = `${mentionText === undefined ? '' : `${mentionText} `}${style.emoji} [${alert.levelName}] ${title}`;
  const hasBody = body.trim() !== '';
  const text = truncateSlackText(
    hasBody ? `${fallbackHead}\n${body}` : fallbackHead,
    SLACK_LIMITS.fallback,
  );

  const details: SlackBlock[] = [];
  if (hasBody) details.push(section(truncateSlackText(body, SLACK_LIMITS.section)));
  details.push({ type: 'context', elements: contextElements(alert) });

  return { text, blocks, attachments: [{ color: style.color, fallback: text, blocks: details }] };
}

/**
 * Flat string variables for a Workflow Builder trigger, escaped and cut the same way:
 * `text`, `title`, `body`, `level`, `labels` (`key=value, …`), `source`, `timestamp`
 * (ISO 8601), `alert_id` and `mention` (empty unless the option fires).
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
    mention: mention !== undefined && alert.level >= mention.minLevel ? mention.text : '',
  };
}

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
