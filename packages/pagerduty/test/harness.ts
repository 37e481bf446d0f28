import { type Alert, type AlertInput, createAlert, type SendContext } from '@tocsin/core';
import type { FakeHttpServer } from '@tocsin/test-kit';
import { PagerDutyChannel, type PagerDutyChannelOptions } from '../src/index.js';

/** A routing key of the real shape (32 letters and digits): the secret of every test. */
export const ROUTING_KEY = 'Rpd0secret0routing0key0123456789';

/** A PagerDutyChannel sending to the fake server. */
export function pagerDutyChannel(
  server: FakeHttpServer | string,
  options: Partial<PagerDutyChannelOptions> = {},
): PagerDutyChannel {
  return new PagerDutyChannel({
    routingKey: ROUTING_KEY,
    baseUrl: typeof server === 'string' ? server : server.url,
    source: 'web-1',
    ...options,
  });
}

/** A fixed alert (id and timestamp pinned). */
export function fixedAlert(input: Partial<AlertInput> = {}): Alert {
  return createAlert({
    id: 'alert-0001',
    title: 'Database connection lost',
    body: 'Primary unreachable for 30 s',
    level: 'critical',
    labels: { service: 'api', host: 'db-1' },
    source: 'health-check',
    timestamp: '2026-12-01T14:02:00.000Z',
    ...input,
  });
}

export function sendContext(signal: AbortSignal = new AbortController().signal): SendContext {
  return { signal, attempt: 1, timeoutMs: 5000 };
}

/** What `promise` rejected with (fails the test if it resolved). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but it resolved');
    },
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}

export const quiet = { warn: () => {} };
