import { type FakeReply, retryAfterHeader } from '@tocsin/test-kit';

/** Answers as Slack's incoming-webhook endpoint does (plain-text reason bodies). */
export const slackReplies = {
  ok: { status: 200, body: 'ok' },
  invalidPayload: { status: 400, body: 'invalid_payload' },
  forbidden: { status: 403, body: 'action_prohibited' },
  noService: { status: 404, body: 'no_service' },
  channelArchived: { status: 410, body: 'channel_is_archived' },
  rateLimited: (seconds = 1, form: 'seconds' | 'date' = 'seconds'): FakeReply => ({
    status: 429,
    body: 'rate_limited',
    headers: { 'retry-after': retryAfterHeader(seconds, form) },
  }),
  serverError: { status: 500, body: 'rollup_error' },
  slow: (delayMs: number): FakeReply => ({ status: 200, body: 'ok', delayMs }),
  /** A redirect to `location`: a webhook client must not follow it. */
  redirect: (location: string): FakeReply => ({ status: 302, body: '', headers: { location } }),
  /** A workflow trigger accepting the variables (`{ ok, error? }`, read by the SDK's WebhookTrigger). */
  workflowOk: { status: 200, body: { ok: true } },
  /** A workflow trigger answering 200 but refusing the variables. */
  workflowRejected: (error = 'invalid_inputs'): FakeReply => ({
    status: 200,
    body: { ok: false, error },
  }),
  drop: { drop: true },
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
