import {
  countsText,
  escapeHtml,
  fitDigestEntries,
  fitText,
  LEVEL_COLORS,
  LEVEL_EMOJI,
  occurrencesSentence,
  RESOLVED_COLOR,
  RESOLVED_EMOJI,
  RESOLVED_TAG,
  resolvedSentence,
  truncateChars,
} from '@tocsin/channel-kit';
import { type Alert, type Digest, formatTimestamp } from '@tocsin/core';
import { GOOGLE_CHAT_LIMITS as LIMITS } from './googlechat-limits.js';

export type Widget = Readonly<Record<string, unknown>>;
interface Section {
  header?: string;
  collapsible?: boolean;
  uncollapsibleWidgetsCount?: number;
  widgets: Widget[];
}

/** The body an incoming webhook takes: one cardsV2 card (no `text`: it would be markdown). */
export interface GoogleChatMessage {
  fallbackText: string;
  cardsV2: [{ cardId: string; card: { header: Record<string, string>; sections: Section[] } }];
  thread?: { threadKey: string };
}

const LINE_BREAKS = /\r\n?|[\n\u2028\u2029]/g;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
/** Alert text as card HTML: every tag, entity and `<users/all>` stays text. */
const html = (value: string, max: number) =>
  escapeHtml(truncateChars(value, max)).replace(LINE_BREAKS, '<br>');
const line = (value: string, max: number) => html(value.replace(LINE_BREAKS, ' '), max);
const paragraph = (text: string): Widget => ({ textParagraph: { text } });
const labelled = (topLabel: string, text: string): Widget => ({
  decoratedText: { topLabel, text, wrapText: true },
});

/**
 * The cardsV2 message for one alert: a header (the level's emoji and the title; the level
 * and source below), the level in its colour, "Seen N times since …", the body (for a
 * digest: an entry per fingerprint, the largest first, and "and N more … not shown"), the
 * labels, the source and the time. All alert text is HTML-escaped; the body is cut (with a
 * visible marker) until the message fits `GOOGLE_CHAT_LIMITS`. A RESOLVED notice has a
 * check mark, `RESOLVED` in green before the level, and says how long the incident lasted.
 */
export function renderGoogleChatMessage(alert: Alert, threadKey?: string): GoogleChatMessage {
  const head = headWidgets(alert);
  const tail = tailSections(alert);
  const build = (body: Widget[]) =>
    message(alert, [{ widgets: [...head, ...body] }, ...tail], threadKey);
  if (alert.digest !== undefined) {
    const room = LIMITS.messageBytes - bytes(build([])) - 400;
    return build(digestWidgets(alert.digest, room));
  }
  const body = alert.body.trim() === '' ? '' : alert.body;
  return fitText(body, LIMITS.body, LIMITS.messageBytes, (cut) =>
    build(cut === '' ? [] : [paragraph(html(cut, LIMITS.body))]),
  );
}

function message(
  alert: Alert,
  sections: Section[],
  threadKey: string | undefined,
): GoogleChatMessage {
  const title = truncateChars(alert.formattedTitle.replace(LINE_BREAKS, ' '), LIMITS.title);
  const source = alert.source === undefined || alert.source === '' ? '' : ` · ${alert.source}`;
  const resolved = alert.resolved !== undefined;
  const emoji = resolved ? RESOLVED_EMOJI : LEVEL_EMOJI[alert.levelName];
  const status = resolved ? `${RESOLVED_TAG} · ` : '';
  return {
    // Plain text for notifications; `<` is kept from forming `<users/all>` or `<url|text>`.
    fallbackText:
      `${emoji} ${resolved ? `[${RESOLVED_TAG}] ` : ''}[${alert.levelName}] ${title}`.replace(
        /</g,
        '<\u200b',
      ),
    cardsV2: [
      {
        cardId: 'tocsin-alert',
        card: {
          header: {
            title: `${emoji} ${title}`,
            subtitle: truncateChars(
              `${status}${alert.levelName}${source}`.replace(LINE_BREAKS, ' '),
              LIMITS.title,
            ),
          },
          sections,
        },
      },
    ],
    ...(threadKey === undefined ? {} : { thread: { threadKey } }),
  };
}

function headWidgets(alert: Alert): Widget[] {
  const { resolved, levelName } = alert;
  const banner =
    resolved === undefined
      ? `<font color="${LEVEL_COLORS[levelName]}"><b>${levelName}</b></font>`
      : `<font color="${RESOLVED_COLOR}"><b>${RESOLVED_TAG}</b></font> · ${levelName}`;
  const widgets = [paragraph(banner)];
  if (resolved !== undefined)
    widgets.push(paragraph(`<b>${escapeHtml(resolvedSentence(resolved))}</b>`));
  if (alert.occurrences !== undefined)
    widgets.push(paragraph(`<i>${escapeHtml(occurrencesSentence(alert.occurrences))}</i>`));
  return widgets;
}

/** The labels (as many as fit their caps), then source and time. */
function tailSections(alert: Alert): Section[] {
  const labels = Object.entries(alert.labels);
  const widgets: Widget[] = [];
  let used = 0;
  for (const [name, value] of labels.slice(0, LIMITS.labels)) {
    const widget = labelled(line(name, LIMITS.labelName), line(value, LIMITS.labelValue));
    used += bytes(widget) + 1;
    if (used > LIMITS.labelsBytes) break;
    widgets.push(widget);
  }
  const hidden = labels.length - widgets.length;
  if (hidden > 0)
    widgets.push(paragraph(`<i>${hidden} more label${hidden === 1 ? '' : 's'} not shown</i>`));
  const sections: Section[] = [];
  if (widgets.length > 0)
    sections.push({
      header: 'Labels',
      ...(widgets.length > 6 ? { collapsible: true, uncollapsibleWidgetsCount: 5 } : {}),
      widgets,
    });
  const details = [labelled('Time', `${formatTimestamp(alert.timestamp)} UTC`)];
  if (alert.source !== undefined && alert.source !== '')
    details.unshift(labelled('Source', line(alert.source, LIMITS.source)));
  sections.push({ widgets: details });
  return sections;
}

/** An entry per fingerprint, most alerts first, while `room` bytes last; then what was left out. */
function digestWidgets(digest: Digest, room: number): Widget[] {
  const { items, leftOut } = fitDigestEntries(
    digest,
    LIMITS.digestEntries,
    room,
    (entry): Widget => {
      const { alert } = entry;
      const service = alert.labels.service ?? alert.source ?? '';
      let text = `<b>${entry.count}×</b> ${line(alert.formattedTitle, LIMITS.digestTitle)}`;
      if (service !== '') text += ` <i>(in ${line(service, LIMITS.digestTitle)})</i>`;
      const counts = countsText(entry, digest.countBy, LIMITS.digestCounts);
      return {
        decoratedText: {
          text,
          wrapText: true,
          ...(counts === '' ? {} : { bottomLabel: line(counts, 1000) }),
        },
      };
    },
    bytes,
  );
  if (leftOut !== '') items.push(paragraph(`<i>${escapeHtml(leftOut)}</i>`));
  return items;
}
