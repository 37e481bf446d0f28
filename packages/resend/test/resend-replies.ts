import type { FakeReply } from '@tocsin/test-kit';

/** Answers as Resend's `POST /emails` does (JSON error objects with `name` and `message`). */
export const resendReplies = {
  ok: (id = '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794'): FakeReply => ({ status: 200, body: { id } }),
  validationError: (message = 'Invalid `to` field.'): FakeReply => ({
    status: 422,
    body: { statusCode: 422, name: 'validation_error', message },
  }),
  missingApiKey: {
    status: 401,
    body: {
      statusCode: 401,
      name: 'missing_api_key',
      message: 'Missing API key in the authorization header.',
    },
  },
  invalidApiKey: {
    status: 403,
    body: { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' },
  },
  rateLimited: (seconds = 1): FakeReply => ({
    status: 429,
    body: {
      statusCode: 429,
      name: 'rate_limit_exceeded',
      message: 'Too many requests. You can only make 2 requests per second.',
    },
    headers: { 'retry-after': String(seconds) },
  }),
  serverError: {
    status: 500,
    body: { statusCode: 500, name: 'application_error', message: 'An unexpected error occurred.' },
  },
  /** 409: the first request with this Idempotency-Key is still being processed. */
  concurrentIdempotentRequests: {
    status: 409,
    body: {
      statusCode: 409,
      name: 'concurrent_idempotent_requests',
      message:
        'Same idempotency key used while original request is still in progress. Try the request again later.',
    },
  },
  /** 409: the Idempotency-Key was used before with another payload. */
  invalidIdempotentRequest: {
    status: 409,
    body: {
      statusCode: 409,
      name: 'invalid_idempotent_request',
      message:
        'Same idempotency key used with a different request payload. Change your idempotency key or payload.',
    },
  },
  /** 429 that waiting seconds cannot fix: the daily sending quota is used up. */
  dailyQuotaExceeded: {
    status: 429,
    body: {
      statusCode: 429,
      name: 'daily_quota_exceeded',
      message: 'You have reached your daily email sending quota.',
    },
    headers: { 'retry-after': '86400' },
  },
  hang: { hang: true },
  drop: { drop: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
