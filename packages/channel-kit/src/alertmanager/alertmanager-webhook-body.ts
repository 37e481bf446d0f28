/**
 * Prometheus Alertmanager's webhook body (version "4"): the webhook channel writes it,
 * the Alertmanager receiver reads it. One shape for both, so they cannot drift apart.
 */

/** Alertmanager's `endsAt` for an alert still firing (Go's zero time). */
export const ALERTMANAGER_ZERO_TIME = '0001-01-01T00:00:00Z';

/** One entry of `alerts[]` in an Alertmanager webhook body. */
export interface AlertmanagerAlert {
  /** `resolved` for a RESOLVED notice, as Alertmanager sends when an alert ends. */
  status: 'firing' | 'resolved';
  /** `alertname` (the title), `severity` (the level name, lower case), then the alert's labels. */
  labels: Record<string, string>;
  /** `summary` (the title as shown) and `description` (the body). */
  annotations: { summary: string; description: string };
  /**
   * When it started: the alert's time, a digest entry's first seen, or a RESOLVED notice's
   * `resolved.startsAt`.
   */
  startsAt: string;
  /** When it ended (a RESOLVED notice's `resolved.endsAt`); Go's zero time while firing. */
  endsAt: string;
  generatorURL: string;
  /** 16 hex digits: Alertmanager's FNV-1a hash of the label set. */
  fingerprint: string;
}

/**
 * The body Prometheus Alertmanager posts to a webhook receiver (version "4"), for one
 * firing alert, a digest (one element of `alerts` per fingerprint, the group's labels
 * as `groupLabels`) or a RESOLVED notice (`status: 'resolved'` with `endsAt`), so that
 * receivers written for Alertmanager accept Tocsin alerts as they are.
 */
export interface AlertmanagerWebhookPayload {
  version: '4';
  groupKey: string;
  /** Alerts left out of `alerts` to keep the body within `maxBodyBytes` (Alertmanager's `max_alerts`). */
  truncatedAlerts: number;
  /** `resolved` when every alert of the body is (a RESOLVED notice), as Alertmanager says it. */
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  /** Labels every alert of the group has, with the same value. */
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AlertmanagerAlert[];
}
