import {
  ALERTMANAGER_ZERO_TIME,
  type AlertmanagerAlert,
  type AlertmanagerWebhookPayload,
  alertFingerprint,
  keepFirst,
} from '@tocsin/channel-kit';
import type { Alert } from '@tocsin/core';
import { type FittableBody, jsonBytes } from './fit-body.js';
import { PayloadCutter, type PayloadLimits } from './payload-limits.js';

export { ALERTMANAGER_ZERO_TIME, type AlertmanagerAlert, type AlertmanagerWebhookPayload };

/** The `'alertmanager'` body of an alert; `receiver` is the channel's name. */
export function toAlertmanagerPayload(
  alert: Alert,
  receiver: string,
  limits?: PayloadLimits,
): AlertmanagerWebhookPayload {
  const cut = limits === undefined ? undefined : new PayloadCutter(limits);
  const digest = alert.digest;
  if (digest !== undefined) {
    const kept = keepFirst(digest, limits?.entries ?? Number.POSITIVE_INFINITY);
    // Label sets of every entry (cheap) for the common labels; the hashed alerts only for those sent.
    const labelSets = digest.entries.map((entry) => labelsOf(entry.alert, cut));
    const annotationSets = digest.entries.map((entry) => annotationsOf(entry.alert, cut));
    const groupLabels = cut?.labels(digest.groupLabels) ?? { ...digest.groupLabels };
    return {
      version: '4',
      groupKey: `{}:{${Object.keys(groupLabels)
        .sort()
        .map((name) => `${name}=${JSON.stringify(groupLabels[name])}`)
        .join(', ')}}`,
      // Alertmanager computes the common labels before it truncates, over every alert.
      truncatedAlerts: kept.leftOut,
      status: 'firing',
      receiver,
      groupLabels,
      commonLabels: common(labelSets),
      commonAnnotations: common(annotationSets),
      externalURL: '',
      alerts: kept.shown.map((entry, i) =>
        firing(
          labelSets[i] ?? {},
          annotationSets[i] ?? annotationsOf(entry.alert, cut),
          entry.firstSeen,
        ),
      ),
    };
  }
  const one = firing(labelsOf(alert, cut), annotationsOf(alert, cut), alert.timestamp);
  if (alert.resolved !== undefined) {
    one.status = 'resolved';
    one.startsAt = alert.resolved.startsAt.toISOString();
    one.endsAt = alert.resolved.endsAt.toISOString();
  }
  const alertname = one.labels.alertname ?? alert.title;
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(alertname)}}`,
    truncatedAlerts: 0,
    status: one.status,
    receiver,
    groupLabels: { alertname },
    commonLabels: one.labels,
    commonAnnotations: one.annotations,
    externalURL: '',
    alerts: [one],
  };
}

/** The `'alertmanager'` body as `fitBody` shrinks it. */
export function alertmanagerBody(alert: Alert, receiver: string): FittableBody {
  return {
    entries: alert.digest?.entries.length ?? 0,
    build: (limits) => toAlertmanagerPayload(alert, receiver, limits),
    *entrySizes(limits) {
      const cut = new PayloadCutter(limits);
      // The label-set hash is always 16 hex digits: sized without computing it.
      for (const entry of alert.digest?.entries ?? [])
        yield jsonBytes(
          firing(
            labelsOf(entry.alert, cut),
            annotationsOf(entry.alert, cut),
            entry.firstSeen,
            SIZED,
          ),
        );
    },
  };
}

/** `alertname` (the title), `severity` (the level name, lower case), then the alert's labels. */
function labelsOf(alert: Alert, cut: PayloadCutter | undefined): Record<string, string> {
  return {
    alertname: cut?.text(alert.title) ?? alert.title,
    severity: alert.levelName.toLowerCase(),
    ...(cut?.labels(alert.labels) ?? alert.labels),
  };
}

function annotationsOf(
  alert: Alert,
  cut: PayloadCutter | undefined,
): AlertmanagerAlert['annotations'] {
  return {
    summary: cut?.text(alert.formattedTitle) ?? alert.formattedTitle,
    description: cut?.text(alert.body) ?? alert.body,
  };
}

const SIZED = '0000000000000000';

function firing(
  labels: Record<string, string>,
  annotations: AlertmanagerAlert['annotations'],
  startsAt: Date,
  fingerprint = alertFingerprint(labels),
): AlertmanagerAlert {
  return {
    status: 'firing',
    labels,
    annotations,
    startsAt: startsAt.toISOString(),
    endsAt: ALERTMANAGER_ZERO_TIME,
    generatorURL: '',
    fingerprint,
  };
}

/** The name-value pairs every set has. */
function common(sets: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const [first, ...rest] = sets;
  const out: Record<string, string> = {};
  if (first === undefined) return out;
  for (const [name, value] of Object.entries(first))
    if (rest.every((set) => set[name] === value)) out[name] = value;
  return out;
}
