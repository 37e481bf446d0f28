import { type FakeReply, retryAfterHeader } from '@tocsin/test-kit';

/** Answers as a generic webhook receiver would. */
export const webhookReplies = {
  ok: { status: 200, body: { ok: true } },
  accepted: { status: 202, body: '' },
  badRequest: { status: 400, body: { error: 'bad request' } },
  unauthorized: { status: 401, body: { error: 'invalid signature' } },
  notFound: { status: 404, body: { error: 'not found' } },
  rateLimited: (seconds = 1, form: 'seconds' | 'date' = 'seconds'): FakeReply => ({
    status: 429,
    body: { error: 'slow down' },
    headers: { 'retry-after': retryAfterHeader(seconds, form) },
  }),
  serverError: { status: 500, body: { error: 'internal' } },
  unavailable: { status: 503, body: { error: 'unavailable' } },
  requestTimeout: { status: 408, body: { error: 'request timeout' } },
  tooEarly: { status: 425, body: { error: 'too early' } },
  /** A redirect (302 unless told) to `location`: a channel must not follow it. */
  redirect: (location: string, status = 302): FakeReply => ({
    status,
    body: '',
    headers: { location },
  }),
  slow: (delayMs: number): FakeReply => ({ status: 200, body: { ok: true }, delayMs }),
  drop: { drop: true },
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
