import { type Alert, createAlert } from '@tocsin/core';

/** A fixed alert, so that bodies can be compared with snapshots. */
export function sampleAlert(overrides: Record<string, unknown> = {}): Alert {
  return createAlert({
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    title: 'Database connection lost',
    body: 'Primary unreachable for 30 s',
    level: 'critical',
    labels: { service: 'api', host: 'db-1' },
    source: 'billing-worker',
    timestamp: '2026-03-04T05:06:07.089Z',
    ...overrides,
  });
}

/** What core hands a channel for one attempt. */
export function sendContext(signal: AbortSignal = new AbortController().signal) {
  return { signal, attempt: 1, timeoutMs: 5000 };
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export const quiet = { warn: () => {} };
