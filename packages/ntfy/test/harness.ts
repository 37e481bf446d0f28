import { type Alert, type AlertInput, createAlert, type SendContext } from '@tocsin/core';
import type { FakeHttpServer } from '@tocsin/test-kit';
import { NtfyChannel, type NtfyChannelOptions } from '../src/index.js';

/** The secrets of every test: the topic (anyone who knows it can read it) and the token. */
export const TOPIC = 'alerts_Secret_Topic_4f9c';
export const TOKEN = 'tk_secretntfytoken0123456789abc';
export const PASSWORD = 'pw-Secret-ntfy-77';

/** An NtfyChannel publishing to the fake server with a token. */
export function ntfyChannel(
  server: FakeHttpServer | string,
  options: Partial<NtfyChannelOptions> = {},
): NtfyChannel {
  return new NtfyChannel({
    topic: TOPIC,
    serverUrl: typeof server === 'string' ? server : server.url,
    ...('username' in options ? {} : { token: TOKEN }),
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
