import {
  countsText,
  fitDigestEntries,
  fitText,
  LEVEL_EMOJI,
  occurrencesSentence,
  RESOLVED_EMOJI,
  RESOLVED_TAG,
  resolvedSentence,
  truncateChars,
} from '@tocsin/channel-kit';
import { type Alert, type AlertLevelName, type Digest, formatTimestamp } from '@tocsin/core';
import { escapeTeamsLine, escapeTeamsText } from './escape-teams-text.js';
import { TEAMS_LIMITS } from './teams-limits.js';

export type CardElement = Readonly<Record<string, unknown>>;

/** The body a Workflows webhook takes: one attachment, an Adaptive Card. */
export interface TeamsMessage {
  type: 'message';
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive';
      contentUrl: null;
      content: { type: 'AdaptiveCard'; version: string; body: CardElement[] } & CardElement;
    },
  ];
}

/**
 * Adaptive Cards have named colours only (no hex): the nearest of each level's
 * `LEVEL_COLORS` hue, as a container style and a TextBlock colour.
 */
const LEVEL_STYLES: Readonly<Record<AlertLevelName, { style: string; color: string }>> = {
  INFO: { style: 'accent', color: 'Accent' },
  SUCCESS: { style: 'good', color: 'Good' },
  WARNING: { style: 'warning', color: 'Warning' },
  ERROR: { style: 'attention', color: 'Attention' },
  CRITICAL: { style: 'attention', color: 'Attention' },
};
/** A RESOLVED notice is green whatever its level. */
const RESOLVED_STYLE = { style: 'good', color: 'Good' };

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const text = (value: string, more: CardElement = {}): CardElement => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...more,
});

/**
 * The Adaptive Card for one alert: a band in the level's colour with the level and the
 * title; "Seen N times since …"; the body (for a digest: a line per fingerprint, the
 * largest first, and "and N more … not shown"); the labels as a FactSet; the source and
 * time. All alert text is escaped; the body is cut (with a visible marker) until the whole
 * message fits `TEAMS_LIMITS.messageBytes`. A RESOLVED notice has a green band that says
 * `✅ RESOLVED` with the level, and how long the incident lasted.
 */
export function renderTeamsMessage(alert: Alert): TeamsMessage {
  const head = headElements(alert);
  const tail = tailElements(alert);
  if (alert.digest !== undefined) {
    const room = TEAMS_LIMITS.messageBytes - bytes(message([...head, ...tail])) - 400;
    return message([...head, ...digestElements(alert.digest, room), ...tail]);
  }
  const body = alert.body.trim() === '' ? '' : alert.body;
  return fitText(body, TEAMS_LIMITS.body, TEAMS_LIMITS.messageBytes, (cut) =>
    message([...head, ...(cut === '' ? [] : [text(escapeTeamsText(cut))]), ...tail]),
  );
}

function message(body: CardElement[]): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
        },
      },
    ],
  };
}

function headElements(alert: Alert): CardElement[] {
  const { resolved } = alert;
  const level = resolved === undefined ? LEVEL_STYLES[alert.levelName] : RESOLVED_STYLE;
  const banner =
    resolved === undefined
      ? `${LEVEL_EMOJI[alert.levelName]} ${alert.levelName}`
      : `${RESOLVED_EMOJI} ${RESOLVED_TAG} · ${alert.levelName}`;
  const title = escapeTeamsLine(truncateChars(alert.formattedTitle, TEAMS_LIMITS.title));
  const head: CardElement[] = [
    {
      type: 'Container',
      style: level.style,
      bleed: true,
      items: [
        text(banner, {
          size: 'Small',
          weight: 'Bolder',
          color: level.color,
        }),
        text(title, { size: 'Large', weight: 'Bolder', spacing: 'None' }),
      ],
    },
  ];
  if (resolved !== undefined)
    head.push(text(escapeTeamsText(resolvedSentence(resolved)), { weight: 'Bolder' }));
  if (alert.occurrences !== undefined)
    head.push(text(escapeTeamsText(occurrencesSentence(alert.occurrences)), { isSubtle: true }));
  return head;
}

/** The labels as a FactSet (as many as `factsBytes` holds), then source and time. */
function tailElements(alert: Alert): CardElement[] {
  const facts: CardElement[] = [];
  const labels = Object.entries(alert.labels);
  let used = 0;
  for (const [name, value] of labels) {
    const fact = {
      title: escapeTeamsLine(truncateChars(name, TEAMS_LIMITS.factName)),
      value: escapeTeamsLine(truncateChars(value, TEAMS_LIMITS.factValue)),
    };
    used += bytes(fact) + 1;
    if (used > TEAMS_LIMITS.factsBytes) break;
    facts.push(fact);
  }
  const hidden = labels.length - facts.length;
  if (hidden > 0)
    facts.push({ title: '…', value: `${hidden} more label${hidden === 1 ? '' : 's'} not shown` });
  const tail: CardElement[] = [];
  if (facts.length > 0) tail.push({ type: 'FactSet', facts, separator: true });
  const time = `${formatTimestamp(alert.timestamp)} UTC`;
  const source =
    alert.source === undefined || alert.source === ''
      ? ''
      : `Source: ${escapeTeamsLine(truncateChars(alert.source, TEAMS_LIMITS.source))} · `;
  tail.push(text(`${source}${time}`, { size: 'Small', isSubtle: true }));
  return tail;
}

/** A line per fingerprint, most alerts first, while `room` bytes last; then what was left out. */
function digestElements(digest: Digest, room: number): CardElement[] {
  const { items, leftOut } = fitDigestEntries(
    digest,
    TEAMS_LIMITS.digestEntries,
    room,
    (entry) => {
      const { alert } = entry;
      const title = escapeTeamsLine(truncateChars(alert.formattedTitle, TEAMS_LIMITS.digestTitle));
      const service = alert.labels.service ?? alert.source ?? '';
      let line = `**${entry.count}×** ${title}`;
      if (service !== '')
        line += ` _(in ${escapeTeamsLine(truncateChars(service, TEAMS_LIMITS.digestTitle))})_`;
      if (entry.counts.length > 0)
        line += `\n\n${escapeTeamsLine(countsText(entry, digest.countBy, TEAMS_LIMITS.digestCounts))}`;
      return text(line, { separator: true });
    },
    bytes,
  );
  if (leftOut !== '') items.push(text(escapeTeamsText(leftOut), { isSubtle: true }));
  return items;
}
