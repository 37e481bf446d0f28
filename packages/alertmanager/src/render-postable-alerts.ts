import type { Alert } from '@tocsin/core';
import { LABEL_NAME } from './alertmanager-channel-options.js';

/** One alert as `POST /api/v2/alerts` takes it (Alertmanager's `postableAlert`). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  /** Set when the alert has ended: a RESOLVED notice. Alertmanager ends the alert then. */
  endsAt?: string;
  generatorURL?: string;
}

/** What rendering needs from the options. */
export interface PostableAlertSettings {
  readonly generatorUrl: string | undefined;
  readonly fingerprintLabel: string | false;
  readonly annotationLabels: ReadonlySet<string>;
}

/**
 * The alerts Alertmanager receives for one Tocsin alert, as the JSON body of
 * `POST /api/v2/alerts`: one alert, or one per fingerprint of a digest. A RESOLVED notice
 * carries the incident's `startsAt` and `endsAt`, which ends the alert of the same labels.
 */
export function renderPostableAlerts(alert: Alert, settings: PostableAlertSettings): string {
  if (alert.digest === undefined) return JSON.stringify([postableAlert(alert, settings)]);
  return JSON.stringify(
    alert.digest.entries.map((entry) => postableAlert(entry.alert, settings, entry.firstSeen)),
  );
}

/**
 * Labels: the alert's (names made valid), `alertname` (its own label, else the title),
 * `severity` (its own label, else the level's name), and the fingerprint label.
 * Annotations: `summary` (the title as shown), `description` (the body), and the labels
 * named in `annotationLabels` (runbook and dashboard links).
 */
export function postableAlert(
  alert: Alert,
  settings: PostableAlertSettings,
  startsAt: Date = alert.timestamp,
): PostableAlert {
  const labels: Record<string, string> = {
    alertname: alert.title,
    severity: alert.levelName.toLowerCase(),
  };
  const annotations: Record<string, string> = { summary: alert.formattedTitle };
  if (alert.body !== '') annotations.description = alert.body;
  const renamed = new Set<string>();
  for (const [name, value] of Object.entries(alert.labels)) {
    if (settings.annotationLabels.has(name)) {
      annotations[name] = value;
      continue;
    }
    // Alertmanager drops a label whose value is empty, and refuses an invalid name.
    if (value === '') continue;
    const valid = labelName(name);
    // Two names that become one (`a-b`, `a_b`): the valid one wins, else the first.
    if (valid !== name) {
      if (Object.hasOwn(alert.labels, valid) || renamed.has(valid)) continue;
      renamed.add(valid);
    }
    labels[valid] = value;
  }
  if (settings.fingerprintLabel !== false) labels[settings.fingerprintLabel] = alert.fingerprint;
  const out: PostableAlert = { labels, annotations, startsAt: startsAt.toISOString() };
  const { resolved } = alert;
  if (resolved !== undefined) {
    out.startsAt = resolved.startsAt.toISOString();
    // Alertmanager refuses an end before the start.
    const ends = Math.max(resolved.endsAt.getTime(), resolved.startsAt.getTime());
    out.endsAt = new Date(ends).toISOString();
  }
  if (settings.generatorUrl !== undefined) out.generatorURL = settings.generatorUrl;
  return out;
}

/** A Prometheus label name: other characters become `_`, a leading digit gets a `_` before it. */
export function labelName(name: string): string {
  if (LABEL_NAME.test(name)) return name;
  const replaced = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(replaced) ? `_${replaced}` : replaced;
}
