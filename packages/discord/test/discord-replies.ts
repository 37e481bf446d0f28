import { type FakeReply, retryAfterHeader } from '@tocsin/test-kit';

/** Answers as Discord's webhook endpoint gives them (`POST /api/webhooks/<id>/<token>?wait=true`). */
export const discordReplies = {
  ok: {
    status: 200,
    body: {
      id: '1187654321098765432',
      type: 0,
      content: '',
      channel_id: '1100000000000000001',
      webhook_id: '1200000000000000002',
      embeds: [],
    },
  },
  invalidFormBody: {
    status: 400,
    body: {
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        embeds: {
          '0': {
            title: {
              _errors: [
                { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' },
              ],
            },
          },
        },
      },
    },
  },
  tooLarge: { status: 413, body: { message: 'Request entity too large', code: 40005 } },
  invalidToken: { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } },
  missingPermissions: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  unknownWebhook: { status: 404, body: { message: 'Unknown Webhook', code: 10015 } },
  /** 429 as Discord sends it: the seconds in the body (a fraction) and, unless told, in Retry-After. */
  rateLimited: (seconds = 1.5, header = true): FakeReply => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: seconds, global: false },
    headers: {
      ...(header ? { 'retry-after': retryAfterHeader(Math.ceil(seconds)) } : {}),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(seconds),
      'x-ratelimit-bucket': 'abcd1234',
      'x-ratelimit-scope': 'user',
    },
  }),
  serverError: { status: 500, body: { message: '500: Internal Server Error', code: 0 } },
  /** Cloudflare in front of Discord answers an outage in HTML. */
  badGateway: {
    status: 502,
    body: '<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>',
    headers: { 'content-type': 'text/html' },
  },
  slow: (delayMs: number): FakeReply => ({ ...discordReplies.ok, delayMs }),
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
