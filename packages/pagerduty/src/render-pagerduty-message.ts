import { createHash } from 'node:crypto';
import {
  countsText,
  fitDigestEntries,
  occurrencesSentence,
  TRUNCATION_MARKER,
  truncateBytes,
  truncateChars,
} from '@tocsin/channel-kit';
import type { Alert, AlertLevelName, Digest, DigestEntry } from '@tocsin/core';
import type { PagerDutySeverity } from './pagerduty-channel-options.js';

/** PagerDuty's limits, and the shares of them this channel gives each part of an event. */
export const PAGERDUTY_LIMITS = Object.freeze({
  summary: 1024,
  dedupKey: 255,
  /** The whole event: PagerDuty refuses one over 512 KB; 512,000 bytes whatever a KB is. */
  eventBytes: 512_000,
  labels: 100,
  labelName: 256,
  labelValue: 1024,
  digestEntries: 100,
  entryTitle: 500,
  entryBody: 1000,
});

/** What an event does to the incident of its `dedup_key`. */
export type PagerDutyEventAction = 'trigger' | 'acknowledge' | 'resolve';

/** What rendering needs from the options. */
export interface PagerDutyRenderSettings {
  readonly routingKey: string;
  readonly source: string;
  readonly severityMap: Readonly<Partial<Record<string, PagerDutySeverity>>>;
  readonly componentLabel: string;
  readonly groupLabel: string;
  readonly classLabel: string;
  readonly client?: string | undefined;
  readonly clientUrl?: string | undefined;
}

const SEVERITIES: Readonly<Record<AlertLevelName, PagerDutySeverity>> = {
  CRITICAL: 'critical',
  ERROR: 'error',
  WARNING: 'warning',
  SUCCESS: 'info',
  INFO: 'info',
};

const MARKER_BYTES = Buffer.byteLength(TRUNCATION_MARKER);

/** Reserved for the "not shown" sentence of a digest cut to fit. */
const SENTENCE_ROOM = 160;

/**
 * The Events API v2 body for `alert`, as JSON. `trigger` (the default) opens or updates
 * the incident of the alert's fingerprint with a summary, severity and custom details,
 * cut to fit PagerDuty's limits with a visible marker; `acknowledge` and `resolve` name
 * the same `dedup_key` and carry no payload.
 */
export function renderPagerDutyEvent(
  alert: Alert,
  settings: PagerDutyRenderSettings,
  action: PagerDutyEventAction = 'trigger',
): string {
  const head = {
    routing_key: settings.routingKey,
    event_action: action,
    dedup_key: pagerDutyDedupKey(alert.fingerprint),
  };
  if (action !== 'trigger') return JSON.stringify(head);
  const { labels } = alert;
  const fromLabel = (name: string) =>
    labels[name] === undefined
      ? undefined
      : truncateChars(labels[name] as string, PAGERDUTY_LIMITS.labelValue);
  const event = {
    ...head,
    payload: {
      summary: truncateChars(
        alert.formattedTitle.replace(/[\r\n\t]+/g, ' '),
        PAGERDUTY_LIMITS.summary,
      ),
      source: settings.source,
      severity: settings.severityMap[alert.levelName.toLowerCase()] ?? SEVERITIES[alert.levelName],
      timestamp: alert.timestamp.toISOString(),
      component: fromLabel(settings.componentLabel),
      group: fromLabel(settings.groupLabel),
      class: fromLabel(settings.classLabel),
      custom_details: {} as Record<string, unknown>,
    },
    client: settings.client,
    client_url: settings.clientUrl,
  };
  const details = event.payload.custom_details;
  Object.assign(details, { level: alert.levelName }, labelDetails(labels));
  if (alert.digest !== undefined) return fitDigest(event, details, alert.digest);
  Object.assign(details, {
    body: alert.body === '' ? undefined : alert.body,
    alert_source: alert.source,
    alert_id: alert.id,
    seen: alert.occurrences === undefined ? undefined : occurrencesSentence(alert.occurrences),
  });
  return fitBody(event, details);
}

/** The fingerprint as a `dedup_key`: itself when it fits 255 characters, else a stable hash of it. */
export function pagerDutyDedupKey(fingerprint: string): string {
  if (fingerprint.length <= PAGERDUTY_LIMITS.dedupKey) return fingerprint;
  return `sha256:${createHash('sha256').update(fingerprint).digest('hex')}`;
}

/** At most 100 labels, names and values cut; the number of labels left out, when some were. */
function labelDetails(labels: Readonly<Record<string, string>>): Record<string, unknown> {
  const names = Object.keys(labels);
  const shown: Record<string, string> = {};
  for (const name of names.slice(0, PAGERDUTY_LIMITS.labels))
    shown[truncateChars(name, PAGERDUTY_LIMITS.labelName)] = truncateChars(
      labels[name] as string,
      PAGERDUTY_LIMITS.labelValue,
    );
  const leftOut = names.length - PAGERDUTY_LIMITS.labels;
  return { labels: shown, labels_not_shown: leftOut > 0 ? leftOut : undefined };
}

/** The event as JSON, its body cut (marker included) until the whole is within the limit. */
function fitBody(event: object, details: Record<string, unknown>): string {
  let json = JSON.stringify(event);
  let over = Buffer.byteLength(json) - PAGERDUTY_LIMITS.eventBytes;
  while (over > 0 && typeof details.body === 'string' && details.body !== '') {
    // JSON escapes make a body bigger in the event than alone (`\u0001` is 6 bytes for 1):
    // keep the share of it that fits, then measure again.
    const escaped = Buffer.byteLength(JSON.stringify(details.body)) - 2;
    const room = escaped - over;
    const keep = Math.floor((Buffer.byteLength(details.body) * room) / escaped);
    details.body = keep <= MARKER_BYTES ? undefined : truncateBytes(details.body, keep);
    json = JSON.stringify(event);
    over = Buffer.byteLength(json) - PAGERDUTY_LIMITS.eventBytes;
  }
  if (over <= 0) return json;
  // Labels alone past 512 KB (100 long, escaped ones): keep the summary, say what is missing.
  for (const key of Object.keys(details)) delete details[key];
  details.not_shown = 'the details were too large for PagerDuty';
  return JSON.stringify(event);
}

/**
 * A digest as one event: the summary says "N instances of K unique alerts", and the
 * details list its fingerprints, the most alerts first, as many as fit.
 */
function fitDigest(event: object, details: Record<string, unknown>, digest: Digest): string {
  Object.assign(details, {
    total: digest.total,
    unique: digest.entries.length,
    count_by: digest.countBy,
    first_seen: digest.firstSeen.toISOString(),
    last_seen: digest.lastSeen.toISOString(),
    alerts: [],
  });
  const { items, leftOut } = fitDigestEntries(
    digest,
    PAGERDUTY_LIMITS.digestEntries,
    PAGERDUTY_LIMITS.eventBytes - Buffer.byteLength(JSON.stringify(event)) - SENTENCE_ROOM,
    (entry) => entryDetails(entry, digest.countBy),
    (shown) => Buffer.byteLength(JSON.stringify(shown)),
  );
  details.alerts = items;
  if (leftOut !== '') details.not_shown = leftOut;
  return fitBody(event, details);
}

function entryDetails(entry: DigestEntry, countBy: string): Record<string, unknown> {
  const { alert } = entry;
  return {
    count: entry.count,
    title: truncateChars(alert.formattedTitle, PAGERDUTY_LIMITS.entryTitle),
    level: alert.levelName,
    service: alert.labels.service,
    counts: entry.counts.length > 0 ? countsText(entry, countBy) : undefined,
    first_seen: entry.firstSeen.toISOString(),
    last_seen: entry.lastSeen.toISOString(),
    body: alert.body === '' ? undefined : truncateChars(alert.body, PAGERDUTY_LIMITS.entryBody),
  };
}
