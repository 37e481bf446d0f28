import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertmanagerReceiver } from '@tocsin/alertmanager';
import { answerJson } from '@tocsin/channel-kit';
import {
  type AlertInput,
  type AlertManager,
  AlertValidationError,
  TocsinError,
} from '@tocsin/core';
import { metricsHandler } from '@tocsin/metrics';
import { bearerAuth } from './bearer-auth.js';
import type { CollectorOptions } from './collector-options.js';
import { HttpRefusal, refuse } from './http-refusal.js';
import { PendingAlerts } from './pending-alerts.js';
import { readPostableAlerts } from './postable-alerts.js';
import { readJsonBody } from './read-json-body.js';
import { SourceRateLimit } from './source-rate-limit.js';
import { submitAlerts } from './submit-alerts.js';
import { readTocsinAlerts } from './tocsin-alerts.js';
import { startUdpIntake, type UdpIntakeStats } from './udp-intake.js';

/** The paths a client may post to; `/healthz` (and `/metrics`) are read with GET. */
export const INTAKE_PATHS = ['/v1/alerts', '/api/v2/alerts', '/api/v4/webhook'] as const;

/** A running collector. */
export interface Collector {
  /** `http://host:port`, the port the server got. */
  readonly url: string;
  /** The UDP port, when the UDP intake is on. */
  readonly udpPort: number | undefined;
  /** Requests refused, by status; UDP datagrams by outcome. */
  readonly stats: { refused: Record<number, number>; udp: UdpIntakeStats | undefined };
  /**
   * Stop accepting: `/healthz` answers 503, new requests 503, the listening sockets close;
   * resolves once the requests being read are answered. The manager is the caller's to close.
   */
  close(): Promise<void>;
}

/**
 * Serve `manager` over HTTP (and UDP when `udpPort` is set): Tocsin's alert JSON at
 * `/v1/alerts`, Alertmanager's postable alerts at `/api/v2/alerts`, Alertmanager's webhook
 * at `/api/v4/webhook` (through `alertmanagerReceiver`). Each post is checked in the
 * order a client can act on: path and method, then credentials, rate, load, body, alerts;
 * an alert that reaches the manager was valid. Accepted posts are answered before delivery.
 */
export async function startCollector(
  manager: AlertManager,
  options: CollectorOptions,
): Promise<Collector> {
  const { logger } = options;
  const authorize = bearerAuth(options.tokens);
  const rateLimit =
    options.rateLimit === false
      ? undefined
      : new SourceRateLimit({ ...options.rateLimit, maxSources: options.maxSources }, options.now);
  const pending = new PendingAlerts(options.maxPending);
  // Credentials, rate and requests in flight are checked here; the receiver keeps its body
  // limit, and counts the alerts it sends against the same max_pending.
  const webhook = alertmanagerReceiver(manager, {
    maxBodyBytes: options.maxBodyBytes,
    logger,
    pending,
  });
  const refused: Record<number, number> = {};
  let inFlight = 0;
  let closing = false;
  const metrics = metricsHandler(manager);
  /** Called when the last request in progress is answered, once closing. */
  let drained: (() => void) | undefined;

  const intake: Record<(typeof INTAKE_PATHS)[number], (json: unknown) => Promise<object>> = {
    '/v1/alerts': async (json) => {
      const inputs = readTocsinAlerts(json);
      await accept(inputs);
      return { status: 'accepted', ids: inputs.map((input) => input.id) };
    },
    '/api/v2/alerts': async (json) => {
      const { firing, resolved } = readPostableAlerts(json);
      if (firing.length > 0) await accept(firing);
      for (const fingerprint of resolved)
        manager.resolve(fingerprint).catch((error: unknown) => {
          logger.warn(`resolving ${fingerprint} failed: ${(error as Error).message}`);
        });
      return { status: 'accepted', firing: firing.length, resolved: resolved.length };
    },
    '/api/v4/webhook': () => Promise.reject(new Error('handled by the receiver')),
  };

  async function accept(inputs: AlertInput[]): Promise<void> {
    if (!pending.reserve(inputs.length))
      throw new HttpRefusal(
        503,
        `${pending.size} alerts are waiting for delivery (serve.max_pending ${pending.max}): retry later`,
        { 'retry-after': '1' },
      );
    try {
      await submitAlerts(manager, inputs, pending, logger);
    } catch (error) {
      if (AlertValidationError.isInstance(error)) throw new HttpRefusal(422, error.message);
      if (TocsinError.isInstance(error) && error.code === 'TOCSIN_CLOSED')
        throw new HttpRefusal(503, 'the collector is shutting down', { connection: 'close' });
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0] as string;
    if (path === '/healthz') {
      onlyGet(req);
      answerJson(res, closing ? 503 : 200, { status: closing ? 'closing' : 'serving' });
      return;
    }
    // The manager's stats and delivery latencies, in Prometheus' text format, for a scraper;
    // like /healthz, it needs no token (it holds channel keys and counts, no secret).
    if (path === '/metrics') {
      metrics(req, res);
      return;
    }
    if (!(INTAKE_PATHS as readonly string[]).includes(path))
      throw new HttpRefusal(
        404,
        `no such path: POST alerts to ${INTAKE_PATHS.join(', ')}; GET /healthz or /metrics`,
      );
    if (req.method !== 'POST')
      throw new HttpRefusal(405, `method ${req.method} not allowed on ${path}: POST alerts`, {
        allow: 'POST',
      });
    if (closing)
      throw new HttpRefusal(503, 'the collector is shutting down', { connection: 'close' });
    authorize(req);
    const wait = rateLimit?.take(req.socket.remoteAddress ?? '') ?? 0;
    if (wait > 0)
      throw new HttpRefusal(
        429,
        `too many requests from this address (serve.rate_limit): retry in ${wait} s`,
        { 'retry-after': String(wait) },
      );
    if (path === '/api/v4/webhook') {
      webhook(req, res);
      return;
    }
    const json = await readJsonBody(req, options.maxBodyBytes);
    answerJson(res, 202, await intake[path as '/v1/alerts'](json));
  }

  const server: Server = createServer({ keepAlive: true }, (req, res) => {
    if (inFlight >= options.maxInFlight) {
      count(503);
      refuse(
        res,
        new HttpRefusal(
          503,
          `the collector is busy (${inFlight} of ${options.maxInFlight} requests in progress): retry later`,
          {
            'retry-after': '1',
          },
        ),
      );
      req.resume();
      return;
    }
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (closing && inFlight === 0) drained?.();
    });
    handle(req, res).catch((error: unknown) => {
      const refusal =
        error instanceof HttpRefusal
          ? error
          : new HttpRefusal(500, 'the collector failed on this request; see its log');
      if (!(error instanceof HttpRefusal))
        logger.warn(`a request failed: ${(error as Error)?.message ?? String(error)}`);
      count(refusal.status);
      if (res.headersSent) res.destroy();
      else refuse(res, refusal);
      // A body not read (refused before it) is drained, so the connection can be reused.
      if (!req.readableEnded) req.resume();
    });
  });
  const count = (status: number) => {
    refused[status] = (refused[status] ?? 0) + 1;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const udp =
    options.udpPort === undefined
      ? undefined
      : await startUdpIntake({
          manager,
          host: options.host,
          port: options.udpPort,
          pending,
          rateLimit,
          logger,
        }).catch(async (error: unknown) => {
          await new Promise((resolve) => server.close(resolve));
          throw error;
        });

  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    udpPort: udp?.port,
    stats: { refused, udp: udp?.stats },
    async close() {
      if (closing) return;
      closing = true;
      const requestsDone =
        inFlight === 0
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              drained = resolve;
            });
      const listening = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([requestsDone, udp?.close()]);
      // Keep-alive connections that were busy: closed once their answer is out.
      server.closeAllConnections();
      await listening;
    },
  };
}

function onlyGet(req: IncomingMessage): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    throw new HttpRefusal(405, `method ${req.method} not allowed on /healthz: GET it`, {
      allow: 'GET, HEAD',
    });
}
