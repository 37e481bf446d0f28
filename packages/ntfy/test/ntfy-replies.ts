import { type FakeReply, type RecordedRequest, retryAfterHeader } from '@tocsin/test-kit';

/** ntfy's answer to a published message: the message as stored, with its id. */
export function published(request: RecordedRequest): FakeReply {
  const { topic, message, title } = request.json() as Record<string, string>;
  return {
    status: 200,
    body: { id: 'hwQ2YpKdmg', time: 1_764_597_720, event: 'message', topic, title, message },
  };
}

/** ntfy's error body: `{ code, http, error, link }`. */
const error = (http: number, code: number, text: string, headers?: Record<string, string>) =>
  ({
    status: http,
    body: { code, http, error: text, link: 'https://ntfy.sh/docs/publish/' },
    ...(headers === undefined ? {} : { headers }),
  }) satisfies FakeReply;

/** Answers as an ntfy server does. */
export const ntfyReplies = {
  topicInvalid: error(400, 40009, 'invalid request: topic invalid'),
  unauthorized: error(401, 40101, 'unauthorized'),
  forbidden: error(403, 40301, 'forbidden'),
  notFound: error(404, 40401, 'page not found'),
  tooLarge: error(413, 41301, 'limit reached: message too large'),
  tooMany: (seconds?: number): FakeReply =>
    error(
      429,
      42901,
      'limit reached: too many requests',
      seconds === undefined ? undefined : { 'retry-after': retryAfterHeader(seconds) },
    ),
  serverError: error(500, 50001, 'internal server error'),
  unavailable: { status: 503, body: 'Service Unavailable' },
  slow: (delayMs: number): FakeReply => ({ status: 200, body: { id: 'slow' }, delayMs }),
  drop: { drop: true },
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
