import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AlertManager, redact } from '@tocsin/core';
import type { AnyRegistry } from './metrics-options.js';
import { registerMetrics } from './register-metrics.js';

/** A `node:http` request handler; express and connect call it as middleware too. */
export type MetricsRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** One registry per manager, so two handlers of a manager serve the same metrics. */
const registries = new WeakMap<AlertManager, AnyRegistry>();

/**
 * Serve metrics in Prometheus' text format: `GET` (and `HEAD`) get 200 with the registry's
 * content type; other methods 405. Mount it at the path to scrape, `/metrics` by convention.
 * Given a manager, it registers the manager's metrics on a registry of their own (once per
 * manager); given a registry (`registerMetrics(...).registry`, or the app's own), it serves
 * that, with whatever else is on it.
 */
export function metricsHandler(source: AlertManager | AnyRegistry): MetricsRequestHandler {
  const registry = readSource(source);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${req.method} is not allowed: metrics answer GET and HEAD\n`);
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, {
          'content-type': registry.contentType,
          'content-length': Buffer.byteLength(text),
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        // A metric's collect threw (the app's own, on a shared registry).
        const message = error instanceof Error ? error.message : String(error);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`collecting metrics failed: ${redact(message)}\n`);
      },
    );
  };
}

function readSource(source: AlertManager | AnyRegistry): AnyRegistry {
  if (typeof source === 'object' && source !== null) {
    if (typeof (source as AnyRegistry).metrics === 'function' && 'contentType' in source)
      return source as AnyRegistry;
    if (typeof (source as AlertManager).send === 'function') {
      const manager = source as AlertManager;
      let registry = registries.get(manager);
      if (registry === undefined) {
        registry = registerMetrics(manager).registry;
        registries.set(manager, registry);
      }
      return registry;
    }
  }
  throw new TypeError(
    '`metricsHandler` takes an AlertManager or a prom-client Registry (`registerMetrics(manager).registry`)',
  );
}
