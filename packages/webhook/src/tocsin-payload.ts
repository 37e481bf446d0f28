import { keepFirst } from '@tocsin/channel-kit';
import type {
  Alert,
  AlertLevel,
  AlertLevelName,
  DigestEntry,
  DigestReason,
  Occurrences,
  Resolution,
} from '@tocsin/core';
import { type FittableBody, jsonBytes } from './fit-body.js';
import { PayloadCutter, type PayloadLimits } from './payload-limits.js';

/** The body of `format: 'tocsin'` (the default). `version` changes only on a breaking change. */
export interface TocsinWebhookPayload {
  version: 1;
  /** The alert's stable id, also sent as the `idempotency-key` header. */
  id: string;
  /** `resolved` for a RESOLVED notice (then `resolved` says when and how), else `firing`. */
  status: 'firing' | 'resolved';
  /** The title as it is shown (with the timestamp prefix when the alert asked for one). */
  title: string;
  body: string;
  /** The level number: INFO 10, SUCCESS 11, WARNING 20, ERROR 25, CRITICAL 30. */
  level: AlertLevel;
  levelName: AlertLevelName;
  labels: Readonly<Record<string, string>>;
  /** ISO 8601, UTC. */
  timestamp: string;
  /** What raised the alert, or null. */
  source: string | null;
  /** What makes alerts "the same": 16 hex characters, or the caller's `dedupKey`. */
  fingerprint: string;
  /** The caller's deduplication key, when the alert had one. */
  dedupKey?: string;
  /** When this alert stands for repeats held back by deduplication: how many, since when. */
  occurrences?: TocsinOccurrences;
  /** When this is a digest: every fingerprint it carries (as many as fit `maxBodyBytes`). */
  digest?: TocsinDigest;
  /** When this is a RESOLVED notice: the incident of `fingerprint` that it ends. */
  resolved?: TocsinResolution;
  /** True when texts or labels were cut to fit `maxBodyBytes` (cut texts end in `… [truncated]`). */
  truncated?: true;
}

export interface TocsinOccurrences {
  count: number;
  /** ISO 8601, UTC. */
  firstSeen: string;
  lastSeen: string;
}

export interface TocsinResolution {
  /** When the incident's first alert happened; ISO 8601, UTC. */
  startsAt: string;
  /** When it was resolved; ISO 8601, UTC. */
  endsAt: string;
  /** Alerts of the fingerprint during the incident. */
  count: number;
  /** `resolve`: `manager.resolve()` ended it; `timeout`: the entry's auto-resolve, with no new alert. */
  by: Resolution['by'];
}

export interface TocsinDigest {
  id: string;
  reason: DigestReason;
  groupLabels: Readonly<Record<string, string>>;
  /** The label `counts` are kept for (`host` by default). */
  countBy: string;
  /** Alerts the digest stands for. */
  total: number;
  /** Alerts of fingerprints past the 10,000 a batch keeps apart: counted, never listed. */
  otherAlerts: number;
  firstSeen: string;
  lastSeen: string;
  /** One per fingerprint, most alerts first. */
  entries: TocsinDigestEntry[];
  /** Fingerprints not listed because the body would pass `maxBodyBytes` (the smallest ones). */
  leftOutEntries: number;
  /** Alerts not in `entries` (the left-out fingerprints' and `otherAlerts`): entries' counts plus this is `total`. */
  leftOutAlerts: number;
}

export interface TocsinDigestEntry {
  fingerprint: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** `[value of countBy, alerts]`, most first; `''` sums the values past the first 100. */
  counts: Array<[string, number]>;
  /** The fingerprint's first alert in the batch: it stands for all of them. */
  alert: {
    title: string;
    body: string;
    level: AlertLevel;
    levelName: AlertLevelName;
    labels: Record<string, string>;
    fingerprint: string;
  };
}

/** The `'tocsin'` body of an alert, within `limits` (everything by default). */
export function toTocsinPayload(alert: Alert, limits?: PayloadLimits): TocsinWebhookPayload {
  const cut = limits === undefined ? undefined : new PayloadCutter(limits);
  const text = (value: string) => cut?.text(value) ?? value;
  const payload: TocsinWebhookPayload = {
    version: 1,
    id: alert.id,
    status: alert.resolved === undefined ? 'firing' : 'resolved',
    title: text(alert.formattedTitle),
    body: text(alert.body),
    level: alert.level,
    levelName: alert.levelName,
    labels: cut?.labels(alert.labels) ?? alert.labels,
    timestamp: alert.timestamp.toISOString(),
    source: alert.source === undefined ? null : text(alert.source),
    fingerprint: alert.fingerprint,
  };
  if (alert.dedupKey !== undefined) payload.dedupKey = alert.dedupKey;
  if (alert.occurrences !== undefined) payload.occurrences = isoOccurrences(alert.occurrences);
  if (alert.resolved !== undefined) payload.resolved = isoResolution(alert.resolved);
  const digest = alert.digest;
  if (digest !== undefined) {
    const kept = keepFirst(digest, limits?.entries ?? Number.POSITIVE_INFINITY);
    payload.digest = {
      id: digest.id,
      reason: digest.reason,
      groupLabels: cut?.labels(digest.groupLabels) ?? digest.groupLabels,
      countBy: digest.countBy,
      total: digest.total,
      otherAlerts: digest.otherAlerts,
      firstSeen: digest.firstSeen.toISOString(),
      lastSeen: digest.lastSeen.toISOString(),
      entries: kept.shown.map((entry) => entryPayload(entry, cut)),
      leftOutEntries: kept.leftOut,
      leftOutAlerts: kept.leftOutAlerts,
    };
  }
  if (cut?.cut === true) payload.truncated = true;
  return payload;
}

function entryPayload(entry: DigestEntry, cut: PayloadCutter | undefined): TocsinDigestEntry {
  const text = (value: string) => cut?.text(value) ?? value;
  return {
    fingerprint: entry.fingerprint,
    ...isoOccurrences(entry),
    counts: entry.counts.map(([value, count]) => [text(value), count]),
    alert: {
      title: text(entry.alert.formattedTitle),
      body: text(entry.alert.body),
      level: entry.alert.level,
      levelName: entry.alert.levelName,
      labels: cut?.labels(entry.alert.labels) ?? { ...entry.alert.labels },
      fingerprint: entry.alert.fingerprint,
    },
  };
}

/** The `'tocsin'` body as `fitBody` shrinks it. */
export function tocsinBody(alert: Alert): FittableBody {
  return {
    entries: alert.digest?.entries.length ?? 0,
    build: (limits) => toTocsinPayload(alert, limits),
    *entrySizes(limits) {
      const cut = new PayloadCutter(limits);
      for (const entry of alert.digest?.entries ?? []) yield jsonBytes(entryPayload(entry, cut));
    },
  };
}

function isoResolution(resolution: Resolution): TocsinResolution {
  return {
    startsAt: resolution.startsAt.toISOString(),
    endsAt: resolution.endsAt.toISOString(),
    count: resolution.count,
    by: resolution.by,
  };
}

function isoOccurrences(occurrences: Occurrences): TocsinOccurrences {
  return {
    count: occurrences.count,
    firstSeen: occurrences.firstSeen.toISOString(),
    lastSeen: occurrences.lastSeen.toISOString(),
  };
}
