import type { FakeReply } from '@tocsin/test-kit';
import { retryAfterHeader } from '@tocsin/test-kit';

/**
 * Answers as Alertmanager 0.25's `POST /api/v2/alerts` does (taken from the real server):
 * 200 with no body; 400 with a JSON string for an invalid alert; 422 with `{ code, message }`
 * for a body its API schema refuses.
 */
export const alertmanagerReplies = {
  accepted: { status: 200, body: '' },
  noLabels: { status: 400, body: JSON.stringify('at least one label pair required') },
  invalidLabel: (name: string): FakeReply => ({
    status: 400,
    body: JSON.stringify(`invalid label set: invalid name "${name}"`),
  }),
  badGeneratorUrl: {
    status: 422,
    body: { code: 601, message: '0.generatorURL in body must be of type uri: "not a url"' },
  },
  /** A proxy in front of Alertmanager that wants other credentials. */
  unauthorized: { status: 401, body: 'Unauthorized' },
  notFound: { status: 404, body: '404 page not found' },
  throttled: (seconds?: number): FakeReply => ({
    status: 429,
    body: 'Too Many Requests',
    ...(seconds === undefined ? {} : { headers: { 'retry-after': retryAfterHeader(seconds) } }),
  }),
  serverError: { status: 500, body: { code: 500, message: 'failed to store alerts' } },
  unavailable: { status: 503, body: 'Service Unavailable' },
  drop: { drop: true },
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
