import {
  countsText,
  fitDigestEntries,
  LEVEL_COLORS,
  occurrencesSentence,
  RESOLVED_COLOR,
  RESOLVED_EMOJI,
  RESOLVED_TAG,
  resolvedSentence,
} from '@tocsin/channel-kit';
import type { Alert, Digest, DigestEntry } from '@tocsin/core';
import { DISCORD_LIMITS as LIMITS } from './discord-limits.js';
import { escapeDiscordText, truncateDiscordText } from './escape-discord-text.js';

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline: boolean;
}

export interface DiscordEmbed {
  title: string;
  description?: string;
  color: number;
  fields: DiscordEmbedField[];
  footer: { text: string };
  timestamp: string;
}

/** The JSON posted to the webhook. */
export interface DiscordMessage {
  username?: string;
  avatar_url?: string;
  embeds: [DiscordEmbed];
  /** Always empty: no `@everyone`, `@here`, role or user in the text can ping. */
  allowed_mentions: { parse: [] };
}

export interface DiscordPoster {
  username?: string | undefined;
  avatarUrl?: string | undefined;
}

const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;
/** Room kept in a digest's description for the "and N more … not shown" line. */
const LEFT_OUT_ROOM = 120;

/**
 * One embed for one alert: the title (`[CRITICAL] Database down`), the level's colour,
 * the body as description, Level, Source, "Seen N times since …" and each label as a
 * field, a footer with the alert id and the alert's time. A digest gets one embed whose
 * description lists its fingerprints, the largest first, with their counts. All alert
 * text is escaped (`escapeDiscordText`) and every part cut to Discord's limits with a
 * visible marker, the whole embed within 6,000 characters. A RESOLVED notice is green, its
 * title starts `✅ [RESOLVED]`, and a Resolved field says how long the incident lasted.
 */
export function renderDiscordMessage(alert: Alert, poster: DiscordPoster = {}): DiscordMessage {
  const { resolved } = alert;
  const tag = resolved === undefined ? '' : `${RESOLVED_EMOJI} [${RESOLVED_TAG}] `;
  const title = truncateDiscordText(
    `${tag}[${alert.levelName}] ${escapeDiscordText(alert.formattedTitle.replace(LINE_BREAKS, ' '))}`,
    LIMITS.title,
  );
  const footer = { text: truncateDiscordText(`tocsin · ${alert.id}`, 120) };
  const fields: DiscordEmbedField[] = [field('Level', alert.levelName)];
  if (alert.source !== undefined && alert.source !== '')
    fields.push(field('Source', escapeDiscordText(alert.source)));
  if (resolved !== undefined)
    fields.push(field('Resolved', escapeDiscordText(resolvedSentence(resolved)), false));
  if (alert.occurrences !== undefined)
    fields.push(field('Repeats', occurrencesSentence(alert.occurrences), false));
  const embed: DiscordEmbed = {
    title,
    color: Number.parseInt(
      (resolved === undefined ? LEVEL_COLORS[alert.levelName] : RESOLVED_COLOR).slice(1),
      16,
    ),
    fields,
    footer,
    timestamp: alert.timestamp.toISOString(),
  };
  // The description gets what the rest leaves of the 6,000 characters, at least 1,000.
  if (alert.digest === undefined) addLabels(embed, alert.labels, 1000);
  const room = Math.min(LIMITS.description, LIMITS.embedsTotal - embedChars(embed));
  const description =
    alert.digest === undefined ? escapeDiscordText(alert.body) : digestText(alert.digest, room);
  if (description.trim() !== '') embed.description = truncateDiscordText(description, room);
  const message: DiscordMessage = { embeds: [embed], allowed_mentions: { parse: [] } };
  if (poster.username !== undefined) message.username = poster.username;
  if (poster.avatarUrl !== undefined) message.avatar_url = poster.avatarUrl;
  return message;
}

/** Characters Discord counts towards an embed's 6,000: title, description, fields, footer. */
export function embedChars(embed: DiscordEmbed): number {
  let chars = embed.title.length + (embed.description?.length ?? 0) + embed.footer.text.length;
  for (const { name, value } of embed.fields) chars += name.length + value.length;
  return chars;
}

/** A field per label, while fewer than 25 fields and `keep` characters stay free; then "N more". */
function addLabels(embed: DiscordEmbed, labels: Readonly<Record<string, string>>, keep: number) {
  const entries = Object.entries(labels);
  const moreRoom = 40;
  let shown = 0;
  for (const [key, value] of entries) {
    const next = field(escapeDiscordText(key), escapeDiscordText(value));
    const fits =
      embed.fields.length < LIMITS.fields - 1 &&
      embedChars(embed) + next.name.length + next.value.length + moreRoom + keep <=
        LIMITS.embedsTotal;
    if (!fits) break;
    embed.fields.push(next);
    shown++;
  }
  const left = entries.length - shown;
  if (left > 0)
    embed.fields.push(field('More labels', `${left} more label${left === 1 ? '' : 's'} not shown`));
}

function field(name: string, value: string, inline = true): DiscordEmbedField {
  return {
    name: truncateDiscordText(name === '' ? '\u200b' : name, LIMITS.fieldName),
    // Discord refuses an empty field value.
    value: truncateDiscordText(value === '' ? '(empty)' : value, LIMITS.fieldValue),
    inline,
  };
}

/** A line pair per fingerprint, largest first, as many as fit `room`; then what was left out. */
function digestText(digest: Digest, room: number): string {
  const { items, leftOut } = fitDigestEntries(
    digest,
    digest.entries.length,
    room - LEFT_OUT_ROOM,
    (entry) => entryText(digest, entry),
    (text) => text.length,
  );
  if (leftOut !== '') items.push(`*${leftOut}*`);
  return items.join('\n');
}

/** `**4×** Exception in view *(in service1)*` and, below, `host2 3X, host1 1X`. */
function entryText(digest: Digest, entry: DigestEntry): string {
  const { alert } = entry;
  const oneLine = (text: string) =>
    truncateDiscordText(escapeDiscordText(text.replace(LINE_BREAKS, ' ')), LIMITS.digestTitle);
  let text = `**${entry.count}×** ${oneLine(alert.formattedTitle)}`;
  const service = alert.labels.service ?? alert.source;
  if (service !== undefined && service !== '') text += ` *(in ${oneLine(service)})*`;
  if (entry.counts.length > 0)
    text += `\n${escapeDiscordText(countsText(entry, digest.countBy, LIMITS.digestCounts))}`;
  return text;
}
