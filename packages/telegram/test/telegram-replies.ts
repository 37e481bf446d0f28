import { type FakeReply, retryAfterHeader } from '@tocsin/test-kit';

const refusal = (status: number, description: string, extra: object = {}): FakeReply => ({
  status,
  body: { ok: false, error_code: status, description, ...extra },
});

/** Answers as the Bot API gives them (`POST /bot<token>/sendMessage`). */
export const telegramReplies = {
  ok: {
    status: 200,
    body: {
      ok: true,
      result: {
        message_id: 4242,
        from: { id: 123456789, is_bot: true, first_name: 'tocsin', username: 'tocsin_bot' },
        chat: { id: -1001234567890, title: 'ops', type: 'supergroup' },
        date: 1767225600,
        text: '…',
      },
    },
  },
  chatNotFound: refusal(400, 'Bad Request: chat not found'),
  tooLong: refusal(400, 'Bad Request: message is too long'),
  unauthorized: refusal(401, 'Unauthorized'),
  blocked: refusal(403, 'Forbidden: bot was blocked by the user'),
  /** What the Bot API answers for a path whose token is malformed. */
  notFound: refusal(404, 'Not Found'),
  /** 429 with the seconds in `parameters.retry_after`, and in Retry-After unless told. */
  tooManyRequests: (seconds = 3, header = true): FakeReply => ({
    ...refusal(429, `Too Many Requests: retry after ${seconds}`, {
      parameters: { retry_after: seconds },
    }),
    ...(header ? { headers: { 'retry-after': retryAfterHeader(seconds) } } : {}),
  }),
  badGateway: {
    status: 502,
    body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    headers: { 'content-type': 'text/html' },
  },
  internal: refusal(500, 'Internal Server Error'),
  /** A 200 that is still a refusal. */
  okFalse: { status: 200, body: { ok: false, error_code: 400, description: 'Bad Request: odd' } },
  slow: (delayMs: number): FakeReply => ({ ...telegramReplies.ok, delayMs }),
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
