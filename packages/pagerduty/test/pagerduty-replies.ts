import { type FakeReply, type RecordedRequest, retryAfterHeader } from '@tocsin/test-kit';

/** PagerDuty's acceptance, echoing the event's `dedup_key` as the Events API v2 does. */
export function accepted(request: RecordedRequest): FakeReply {
  const { dedup_key } = request.json() as { dedup_key?: string };
  return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key } };
}

const invalid = (...errors: string[]): FakeReply => ({
  status: 400,
  body: { status: 'invalid event', message: 'Event object is invalid', errors },
});

/** Answers as `events.pagerduty.com/v2/enqueue` does. */
export const pagerDutyReplies = {
  invalid,
  /** PagerDuty quotes what it refused; a channel must hide the key if it ever comes back. */
  invalidRoutingKey: (key: string): FakeReply => invalid(`Invalid routing key: ${key}`),
  tooLarge: invalid('Event object is too large'),
  forbidden: { status: 403, body: { status: 'forbidden', message: 'Forbidden' } },
  notFound: { status: 404, body: 'Not Found' },
  throttled: (seconds?: number): FakeReply => ({
    status: 429,
    body: {
      status: 'throttle exceeded',
      message: 'Requests for this service are arriving too quickly. Please retry later.',
    },
    ...(seconds === undefined ? {} : { headers: { 'retry-after': retryAfterHeader(seconds) } }),
  }),
  serverError: { status: 500, body: { status: 'error', message: 'Internal Server Error' } },
  unavailable: { status: 503, body: 'Service Unavailable' },
  /** 202 with a body that is not a success: a refusal. */
  oddStatus: { status: 202, body: { status: 'invalid event', message: 'Event dropped' } },
  slow: (delayMs: number): FakeReply => ({
    status: 202,
    body: { status: 'success', message: 'Event processed' },
    delayMs,
  }),
  drop: { drop: true },
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
