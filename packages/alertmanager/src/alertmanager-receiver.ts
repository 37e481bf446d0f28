import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJson as answer, BodyTooLargeError } from '@tocsin/channel-kit';
import {
  type AlertLevelInput,
  type AlertManager,
  defaultLogger,
  type Logger,
  parseAlertLevel,
} from '@tocsin/core';
import type { AlertmanagerAuth } from './alertmanager-channel-options.js';
import { checkAuthorization } from './check-authorization.js';
import { readRequestBody } from './read-request-body.js';
import { BadWebhookBody, readWebhookBody } from './webhook-body.js';

/** Resolved alerts remembered to recognise a stale firing notification (see below). */
const REMEMBERED_RESOLVED = 10_000;

/** What a webhook body may weigh unless `maxBodyBytes` says otherwise: 1 MiB. */
export const DEFAULT_RECEIVER_MAX_BODY_BYTES = 1024 * 1024;

export interface AlertmanagerReceiverOptions {
  /**
   * Credentials Alertmanager must send (its webhook config's `http_config.authorization`
   * or `basic_auth`); a request without them is answered 401. @default none: anyone may post
   */
  auth?: AlertmanagerAuth | undefined;
  /** Larger bodies are answered 413 (Alertmanager's `max_alerts` keeps them small). @default 1 MiB */
  maxBodyBytes?: number | undefined;
  /** The level of an alert whose `severity` label is missing or not a level name. @default 'error' */
  defaultLevel?: AlertLevelInput | undefined;
  /** Where a send that failed after the answer is reported. @default process warnings */
  logger?: Logger | undefined;
  /**
   * A bound on the alerts waiting for delivery, shared with the rest of a server (what
   * `tocsin serve` counts against `max_pending`): the firing alerts of a webhook are reserved
   * before they are sent and released when their send settles; when `reserve` says no, the
   * webhook is answered 503 with `Retry-After` and nothing of it is sent (Alertmanager sends
   * it again). @default no bound
   */
  pending?: PendingBound | undefined;
}

/** Counts alerts between their acceptance and the end of their send, up to a bound. */
export interface PendingBound {
  /** Count `count` more alerts if they fit; false (nothing counted) when they do not. */
  reserve(count: number): boolean;
  /** `count` alerts reserved earlier are done. */
  release(count: number): void;
}

/** A request as Node's `http` server gives it, maybe with a body a framework already read. */
export type ReceiverRequest = IncomingMessage & { body?: unknown };

/**
 * A `node:http` request handler that takes Alertmanager's webhook (version "4") and routes
 * it through `manager`: each firing alert is sent (title from its `summary` annotation, else
 * `alertname`; body from `description`; level from `severity`; its labels; `dedupKey`
 * Alertmanager's fingerprint), each resolved alert resolves that fingerprint. It answers
 * 200 once the alerts are accepted, not after delivery (Alertmanager would time out and
 * send again); 400 with the reason for a bad body, 401 for missing or wrong credentials,
 * 405 for a method other than POST, 413 past `maxBodyBytes`, 503 once the manager is closed.
 * Usable from express (`app.post(path, handler)`, with or without `express.json()`),
 * fastify (`reply.hijack()` then `handler(request.raw, reply.raw)`) and hono's node server.
 * @throws TypeError (RangeError for a limit out of range) for bad options
 */
export function alertmanagerReceiver(
  manager: AlertManager,
  options: AlertmanagerReceiverOptions = {},
): (req: ReceiverRequest, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_RECEIVER_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1)
    throw new RangeError(
      'alertmanagerReceiver: `maxBodyBytes` must be a whole number of bytes, at least 1',
    );
  const defaultLevel = parseAlertLevel(options.defaultLevel ?? 'error', 'defaultLevel');
  const authorized = checkAuthorization(options.auth);
  const logger = options.logger ?? defaultLogger;
  const challenge =
    options.auth === undefined
      ? undefined
      : 'bearer' in options.auth
        ? 'Bearer realm="tocsin"'
        : 'Basic realm="tocsin", charset="UTF-8"';

  const reported = (what: string) => (error: unknown) =>
    logger.warn(
      `alertmanagerReceiver: ${what} failed: ${(error as Error)?.message ?? String(error)}`,
    );

  // In a cluster, a node that began a flush before the alert resolved may still send it as
  // firing once another node has sent it resolved (Alertmanager's HA is at least once).
  // Alertmanager starts a new alert with a new `startsAt`: a firing alert with the start of
  // one already resolved is that stale copy, and is not sent again.
  const resolvedStarts = new Map<string, string>();
  const rememberResolved = (fingerprint: string, startsAt: string) => {
    resolvedStarts.delete(fingerprint);
    resolvedStarts.set(fingerprint, startsAt);
    if (resolvedStarts.size > REMEMBERED_RESOLVED)
      resolvedStarts.delete(resolvedStarts.keys().next().value as string);
  };

  async function handle(req: ReceiverRequest, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      answer(
        res,
        405,
        { error: `method ${req.method} not allowed: POST the webhook body` },
        {
          allow: 'POST',
        },
      );
      req.resume();
      return;
    }
    if (!authorized(req.headers.authorization)) {
      answer(
        res,
        401,
        { error: 'missing or wrong credentials' },
        challenge ? { 'www-authenticate': challenge } : {},
      );
      req.resume();
      return;
    }
    let json: unknown;
    try {
      json = await readRequestBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        const why = `${error.message} (maxBodyBytes); lower max_alerts in Alertmanager's webhook config`;
        answer(res, 413, { error: why }, { connection: 'close' });
        return;
      }
      answer(res, 400, { error: (error as Error).message });
      return;
    }
    let work: ReturnType<typeof readWebhookBody>;
    try {
      work = readWebhookBody(json, defaultLevel);
    } catch (error) {
      if (!(error instanceof BadWebhookBody)) throw error;
      answer(res, 400, { error: error.message });
      return;
    }
    if (manager.closed) {
      answer(res, 503, { error: 'the Tocsin manager is closed: it accepts no more alerts' });
      return;
    }
    const firing = work.firing.filter(
      ({ fingerprint, startsAt }) =>
        startsAt === '' || resolvedStarts.get(fingerprint) !== startsAt,
    );
    const pending = options.pending;
    const n = firing.length;
    if (n > 0 && pending !== undefined && !pending.reserve(n)) {
      answer(
        res,
        503,
        { error: `too many alerts are waiting for delivery to take ${n} more: retry later` },
        { 'retry-after': '1' },
      );
      return;
    }
    // Accepted now: validation is done, so `send` and `resolve` only route and deliver.
    if (n > 0)
      manager
        .send(firing.map(({ input }) => input))
        .catch(reported('sending the alerts of a webhook (already answered 200)'))
        .finally(() => pending?.release(n));
    for (const { fingerprint, startsAt } of work.resolved) {
      rememberResolved(fingerprint, startsAt);
      manager
        .resolve(fingerprint)
        .catch(reported(`resolving ${fingerprint} (already answered 200)`));
    }
    answer(res, 200, {
      status: 'accepted',
      firing: firing.length,
      resolved: work.resolved.length,
      ...(firing.length < work.firing.length ? { stale: work.firing.length - firing.length } : {}),
    });
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      reported('handling a webhook')(error);
      if (!res.headersSent) answer(res, 500, { error: 'the receiver failed; see the logs' });
    });
  };
}
