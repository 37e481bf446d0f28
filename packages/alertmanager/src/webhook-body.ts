import { alertFingerprint, lazy, loadZod } from '@tocsin/channel-kit';
import {
  type AlertInput,
  type AlertLevel,
  type AlertLevelInput,
  AlertValidationError,
  createAlert,
  parseAlertLevel,
} from '@tocsin/core';

/**
 * Alertmanager's webhook body (version "4") as the receiver accepts it: what it reads is
 * checked, the rest (`groupKey`, `externalURL`, fields of later versions) is let through.
 */
export const webhookBodySchema = lazy(() => {
  const z = loadZod();
  const strings = (what: string) =>
    z.record(z.string(), z.string({ error: `${what} values must be strings` }), {
      error: `expected ${what} as an object of strings`,
    });
  const alert = z.object({
    status: z.enum(['firing', 'resolved'], { error: 'expected "firing" or "resolved"' }),
    labels: strings('labels'),
    annotations: strings('annotations').default({}),
    startsAt: z
      .string({ error: 'expected a time as an RFC 3339 string' })
      .refine((text) => !Number.isNaN(Date.parse(text)), 'expected a time as an RFC 3339 string')
      .optional(),
    fingerprint: z
      .string({ error: "expected Alertmanager's fingerprint as a string" })
      .min(1, "expected Alertmanager's fingerprint, not an empty string")
      .optional(),
  });
  return z.object({
    version: z.literal('4', { error: 'expected version "4" (Alertmanager’s webhook body)' }),
    alerts: z.array(alert, { error: 'expected a list of alerts' }),
  });
});

/** One alert of a webhook body: Alertmanager's fingerprint and start, which name it. */
export interface WebhookAlert {
  readonly fingerprint: string;
  /** `startsAt` as Alertmanager wrote it ('' when absent): a new start is a new alert. */
  readonly startsAt: string;
}

/** What a webhook body asks of the manager: alerts to send, alerts to resolve. */
export interface WebhookWork {
  readonly firing: Array<WebhookAlert & { readonly input: AlertInput }>;
  readonly resolved: WebhookAlert[];
}

/** A body the receiver refuses, with the reason it answers 400 with. */
export class BadWebhookBody extends Error {
  override name = 'BadWebhookBody';
}

/**
 * Read a parsed JSON body: each firing alert becomes an alert to send (title from
 * `summary`, else `alertname`; body from `description`; level from the `severity` label;
 * the labels as they are; `dedupKey` Alertmanager's fingerprint), each resolved one a
 * fingerprint to resolve. Every alert is validated as `send` would, so a bad one is a 400
 * before anything is routed.
 * @throws BadWebhookBody naming the first offending field (`alerts[2].status`)
 */
export function readWebhookBody(json: unknown, defaultLevel: AlertLevel): WebhookWork {
  const parsed = webhookBodySchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined ? '' : pathText(issue.path);
    throw new BadWebhookBody(`${path === '' ? 'the body' : path}: ${issue?.message ?? 'invalid'}`);
  }
  const firing: WebhookWork['firing'] = [];
  const resolved: WebhookAlert[] = [];
  parsed.data.alerts.forEach((alert, i) => {
    const { startsAt = '' } = alert;
    // An older Alertmanager sends no fingerprint: its hash of the labels, computed the same way.
    const fingerprint = alert.fingerprint ?? alertFingerprint(alert.labels);
    if (alert.status === 'resolved') {
      resolved.push({ fingerprint, startsAt });
      return;
    }
    const { labels, annotations } = alert;
    const input: AlertInput = {
      title: annotations.summary || labels.alertname || `Alertmanager alert ${fingerprint}`,
      body: annotations.description ?? '',
      level: levelOf(labels.severity, defaultLevel),
      labels,
      dedupKey: fingerprint,
      source: 'alertmanager',
      ...(alert.startsAt === undefined ? {} : { timestamp: alert.startsAt }),
    };
    try {
      createAlert(input, `alerts[${i}].`);
    } catch (error) {
      if (AlertValidationError.isInstance(error)) throw new BadWebhookBody(error.message);
      throw error;
    }
    firing.push({ fingerprint, startsAt, input });
  });
  return { firing, resolved };
}

/** A `severity` label as a level: a level name in any case, else the default. */
function levelOf(severity: string | undefined, defaultLevel: AlertLevel): AlertLevelInput {
  if (severity === undefined) return defaultLevel;
  try {
    return parseAlertLevel(severity);
  } catch {
    return defaultLevel;
  }
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out;
}
