import type { Alert, AlertLevel, AlertLevelName } from '@tocsin/core';

/** The body of `format: 'tocsin'` (the default). `version` changes only on a breaking change. */
export interface TocsinWebhookPayload {
  version: 1;
  /** The alert's stable id, also sent as the `idempotency-key` header. */
  id: string;
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
}

/** The `'tocsin'` body of an alert. */
export function toTocsinPayload(alert: Alert): TocsinWebhookPayload {
  return {
    version: 1,
    id: alert.id,
    title: alert.formattedTitle,
    body: alert.body,
    level: alert.level,
    levelName: alert.levelName,
    labels: alert.labels,
    timestamp: alert.timestamp.toISOString(),
    source: alert.source ?? null,
  };
}
