import { type Alert, type AlertInput, createAlert, type SendContext } from '@tocsin/core';
import type { FakeHttpServer } from '@tocsin/test-kit';
import { TeamsChannel, type TeamsChannelOptions } from '../src/index.js';

/** The secret parts of the test workflow URL: the workflow id and the signature. */
export const WORKFLOW_ID = '8f3e2c1d0b9a47e6a5d4c3b2a1f0e9d8';
export const SIG = 'kQ3xSecretSig0123456789abcdefGHIJ';
export const WORKFLOW_PATH = `/workflows/${WORKFLOW_ID}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`;

/** Every string that must never be visible, for a server at `base`. */
export function secretsFor(server: FakeHttpServer): string[] {
  return [`${server.url}${WORKFLOW_PATH}`, WORKFLOW_ID, SIG];
}

export function teamsChannel(
  server: FakeHttpServer | string,
  options: Partial<TeamsChannelOptions> = {},
): TeamsChannel {
  const base = typeof server === 'string' ? server : server.url;
  return new TeamsChannel({
    webhookUrl: `${base}${WORKFLOW_PATH}`,
    allowInsecureHttp: true,
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
    timestamp: '2025-01-02T03:04:05.000Z',
    ...input,
  });
}

export function sendContext(signal: AbortSignal = new AbortController().signal): SendContext {
  return { signal, attempt: 1, timeoutMs: 5000 };
}

/** What `promise` rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but it resolved');
    },
    (error: unknown) => error,
  );
}

/** The Adaptive Card of a recorded request. */
export function cardOf(
  json: unknown,
): { body: Array<Record<string, unknown>> } & Record<string, unknown> {
  return (json as { attachments: Array<{ content: never }> }).attachments[0]?.content as never;
}
