import { takeUrlFlags } from '@tocsin/channel-kit';

const SHAPE = 'googlechat://chat.googleapis.com/v1/spaces/<space>/messages?key=…&token=…';

/**
 * `googlechat://<host>[:port]/v1/spaces/<space>/messages?key=…&token=…` (Shoutrrr's form)
 * as options: the webhook `https://<host>/…` with its query. Two query keys are Tocsin's and
 * are taken off: `thread_by_fingerprint=yes` (the option) and `allow_insecure_http=yes`,
 * which makes it `http://` for a local fake server.
 * @throws Error naming the wrong part, never a value (the query holds the key and token).
 */
export function googleChatOptionsFromUrl(url: URL): Record<string, unknown> {
  if (url.hostname === '') throw new Error(`the host: expected ${SHAPE}`);
  if (url.username !== '' || url.password !== '')
    throw new Error('the user and password: a Google Chat webhook URL has none');
  if (!/^\/v1\/spaces\/[^/]+\/messages$/.test(url.pathname))
    throw new Error('the path: expected /v1/spaces/<space>/messages');
  const query = new URLSearchParams(url.search);
  for (const key of ['key', 'token'])
    if (!query.get(key)) throw new Error(`the query key "${key}": expected it, as ${SHAPE}`);
  const flags = takeUrlFlags(query, {
    allow_insecure_http: 'allowInsecureHttp',
    thread_by_fingerprint: 'threadByFingerprint',
  });
  const protocol = flags.allowInsecureHttp ? 'http:' : 'https:';
  return { webhookUrl: `${protocol}//${url.host}${url.pathname}?${query}`, ...flags };
}
