import type { Alert } from '@tocsin/core';
import { alertFingerprint } from './alert-fingerprint.js';

/** Alertmanager's `endsAt` for an alert still firing (Go's zero time). */
export const ALERTMANAGER_ZERO_TIME = '0001-01-01T00:00:00Z';

/** One entry of `alerts[]` in an Alertmanager webhook body. */
export interface AlertmanagerAlert {
  status: 'firing';
  /** `alertname` (the title), `severity` (the level name, lower case), then the alert's labels. */
  labels: Record<string, string>;
  /** `summary` (the title as shown) and `description` (the body). */
  annotations: { summary: string; description: string };
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  /** 16 hex digits: Alertmanager's FNV-1a hash of the label set. */
  fingerprint: string;
}

/**
 * The body Prometheus Alertmanager posts to a webhook receiver (version "4"), for one
 * firing alert, so that receivers written for Alertmanager accept Tocsin alerts as they are.
 */
export interface AlertmanagerWebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AlertmanagerAlert[];
}

/** The `'alertmanager'` body of an alert; `receiver` is the channel's name. */
export function toAlertmanagerPayload(alert: Alert, receiver: string): AlertmanagerWebhookPayload {
  const labels: Record<string, string> = {
    alertname: alert.title,
    severity: alert.levelName.toLowerCase(),
    ...alert.labels,
  };
  const annotations = { summary: alert.formattedTitle, description: alert.body };
  const alertname = labels.alertname ?? alert.title;
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(alertname)}}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver,
    groupLabels: { alertname },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations,
        startsAt: alert.timestamp.toISOString(),
        endsAt: ALERTMANAGER_ZERO_TIME,
        generatorURL: '',
        fingerprint: alertFingerprint(labels),
      },
    ],
  };
}
