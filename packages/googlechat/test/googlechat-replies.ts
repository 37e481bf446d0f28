import type { FakeReply } from '@tocsin/test-kit';

/**
 * How Google Chat's webhook endpoint answers: 200 with the message it created, or Google's
 * JSON error `{ error: { code, message, status } }` (wording as the API gives it).
 */
const error = (
  code: number,
  status: string,
  message: string,
  headers?: Record<string, string>,
): FakeReply => ({
  status: code,
  body: { error: { code, message, status } },
  ...(headers ? { headers } : {}),
});

export const chatReplies = {
  created: (space: string) => ({
    status: 200,
    body: {
      name: `spaces/${space}/messages/mD4zQ8kKsJk.mD4zQ8kKsJk`,
      sender: { name: 'users/114022495153014004089', displayName: 'tocsin', type: 'BOT' },
      createTime: '2026-12-01T14:02:00.123455Z',
      thread: { name: `spaces/${space}/threads/mD4zQ8kKsJk` },
      space: { name: `spaces/${space}`, type: 'ROOM' },
    },
  }),
  invalidPayload: error(
    400,
    'INVALID_ARGUMENT',
    'Invalid JSON payload received. Unknown name "cards_v3" at \'message\': Cannot find field.',
  ),
  // As Chat refuses a `text` over its limit (seen in the wild: mr-karan/calert#17).
  tooLarge: error(400, 'INVALID_ARGUMENT', 'Message is longer than 4096 characters'),
  badKey: error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'),
  unauthenticated: error(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  ),
  permissionDenied: error(403, 'PERMISSION_DENIED', 'The caller does not have permission'),
  notFound: error(404, 'NOT_FOUND', 'Requested entity was not found.'),
  quota: (seconds: string) =>
    error(
      429,
      'RESOURCE_EXHAUSTED',
      "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per space' of service 'chat.googleapis.com'.",
      { 'retry-after': seconds },
    ),
  internal: error(500, 'INTERNAL', 'Internal error encountered.'),
  unavailable: error(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
  slow: (space: string): FakeReply => ({ ...chatReplies.created(space), delayMs: 60_000 }),
  hang: { hang: true } as FakeReply,
};
