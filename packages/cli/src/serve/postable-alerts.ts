import { alertFingerprint } from '@tocsin/channel-kit';
import { type AlertInput, type AlertLevelInput, parseAlertLevel } from '@tocsin/core';
import { nextCollectorAlertId } from './alert-ids.js';
import { HttpRefusal } from './http-refusal.js';

/** What a `POST /api/v2/alerts` body asks: alerts to send, fingerprints to resolve. */
export interface PostableWork {
  readonly firing: AlertInput[];
  readonly resolved: string[];
}

/**
 * Alertmanager's postable alerts (what Prometheus posts to `/api/v2/alerts`): a list of
 * `{ labels, annotations?, startsAt?, endsAt?, generatorURL? }`. Each is named by
 * Alertmanager's fingerprint of its labels (the `dedupKey`), so Prometheus' re-sends of a
 * firing alert are one incident, and the webhook of an Alertmanager names it the same way.
 * Firing: title from the `summary` annotation, else `alertname`; body from `description`
 * (and the generator URL); level from the `severity` label (else error). An `endsAt` that
 * has passed resolves the fingerprint.
 * @throws HttpRefusal 422 naming the first offending field (`[2].labels.severity`)
 */
export function readPostableAlerts(json: unknown, now = Date.now()): PostableWork {
  if (!Array.isArray(json))
    throw invalid('the body', 'expected a list of alerts (Alertmanager’s postable alerts)');
  const firing: AlertInput[] = [];
  const resolved: string[] = [];
  for (let i = 0; i < json.length; i++) {
    const at = `[${i}]`;
    const alert = json[i] as Record<string, unknown>;
    if (typeof alert !== 'object' || alert === null || Array.isArray(alert))
      throw invalid(at, 'expected an alert object');
    const labels = stringMap(alert.labels, `${at}.labels`);
    if (Object.keys(labels).length === 0)
      throw invalid(`${at}.labels`, 'expected at least one label (alertname)');
    const annotations =
      alert.annotations === undefined ? {} : stringMap(alert.annotations, `${at}.annotations`);
    const startsAt = time(alert.startsAt, `${at}.startsAt`);
    const endsAt = time(alert.endsAt, `${at}.endsAt`);
    const generatorURL = alert.generatorURL;
    if (generatorURL !== undefined && typeof generatorURL !== 'string')
      throw invalid(`${at}.generatorURL`, 'expected a URL as a string');
    const fingerprint = alertFingerprint(labels);
    if (endsAt !== undefined && Date.parse(endsAt) <= now) {
      resolved.push(fingerprint);
      continue;
    }
    const description = annotations.description ?? '';
    firing.push({
      id: nextCollectorAlertId(),
      title: annotations.summary || labels.alertname || `Alertmanager alert ${fingerprint}`,
      body: generatorURL
        ? `${description}${description ? '\n\n' : ''}${generatorURL}`
        : description,
      level: levelOf(labels.severity),
      labels,
      dedupKey: fingerprint,
      source: 'alertmanager-api',
      // A Date, not the string: `send` takes a Date on its fast path (a string goes through zod).
      ...(startsAt === undefined ? {} : { timestamp: new Date(startsAt) }),
    });
  }
  return { firing, resolved };
}

function stringMap(value: unknown, at: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(at, 'expected an object of strings');
  for (const [name, text] of Object.entries(value))
    if (typeof text !== 'string') throw invalid(`${at}.${name}`, 'expected a string');
  return value as Record<string, string>;
}

function time(value: unknown, at: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw invalid(at, 'expected a time as an RFC 3339 string');
  return value;
}

/** A `severity` label as a level: a level name in any case, else error (Prometheus' rules page on errors). */
function levelOf(severity: string | undefined): AlertLevelInput {
  if (severity === undefined) return 'error';
  try {
    return parseAlertLevel(severity);
  } catch {
    return 'error';
  }
}

function invalid(at: string, expected: string): HttpRefusal {
  return new HttpRefusal(422, `Invalid alert: \`${at}\` ${expected}`);
}
