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

/** The Adaptive Card of a recorded request. */
export function cardOf(
  json: unknown,
): { body: Array<Record<string, unknown>> } & Record<string, unknown> {
  return (json as { attachments: Array<{ content: never }> }).attachments[0]?.content as never;
}
