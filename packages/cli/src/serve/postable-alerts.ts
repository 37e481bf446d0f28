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
  // Paths in errors (`[2].labels`) are made only for an error: a collector reads every
  // alert of every post here.
  for (let i = 0; i < json.length; i++) {
    const alert = json[i] as Record<string, unknown>;
    if (typeof alert !== 'object' || alert === null || Array.isArray(alert))
      throw invalid(`[${i}]`, 'expected an alert object');
    const labels = stringMap(alert.labels, i, 'labels');
    if (isEmpty(labels)) throw invalid(`[${i}].labels`, 'expected at least one label (alertname)');
    const annotations =
      alert.annotations === undefined
        ? NO_ANNOTATIONS
        : stringMap(alert.annotations, i, 'annotations');
    const startsAt = time(alert.startsAt, i, 'startsAt');
    const endsAt = time(alert.endsAt, i, 'endsAt');
    const generatorURL = alert.generatorURL;
    if (generatorURL !== undefined && typeof generatorURL !== 'string')
      throw invalid(`[${i}].generatorURL`, 'expected a URL as a string');
    const fingerprint = alertFingerprint(labels);
    if (endsAt !== undefined && endsAt <= now) {
      resolved.push(fingerprint);
      continue;
    }
    const description = annotations.description ?? '';
    const input: AlertInput = {
      id: nextCollectorAlertId(),
      title: annotations.summary || labels.alertname || `Alertmanager alert ${fingerprint}`,
      body: generatorURL
        ? `${description}${description ? '\n\n' : ''}${generatorURL}`
        : description,
      level: levelOf(labels.severity),
      labels,
      dedupKey: fingerprint,
      source: 'alertmanager-api',
    };
    // A Date, not the string: `send` takes a Date on its fast path (a string goes through zod).
    if (startsAt !== undefined) input.timestamp = new Date(startsAt);
    firing.push(input);
  }
  return { firing, resolved };
}

const NO_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({});

function stringMap(value: unknown, i: number, field: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`[${i}].${field}`, 'expected an object of strings');
  const map = value as Record<string, unknown>;
  for (const name in map)
    if (typeof map[name] !== 'string')
      throw invalid(`[${i}].${field}.${name}`, 'expected a string');
  return map as Record<string, string>;
}

function isEmpty(map: object): boolean {
  for (const _ in map) return false;
  return true;
}

/** An RFC 3339 time as epoch milliseconds. */
function time(value: unknown, i: number, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(`[${i}].${field}`, 'expected a time as an RFC 3339 string');
  return ms;
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
