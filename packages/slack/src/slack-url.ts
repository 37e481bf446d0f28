import { urlQuery } from '@tocsin/channel-kit';

const TEAM = /^T[A-Z0-9]{2,}$/;
const HOOK = /^B[A-Z0-9]{2,}$/;
const TOKEN = /^[A-Za-z0-9]{8,}$/;
const SHAPE = 'slack://<T…>/<B…>/<token>';

/**
 * `slack://<T…>/<B…>/<token>` (Apprise's form) as options: the incoming webhook
 * `https://hooks.slack.com/services/<T…>/<B…>/<token>`. Query keys: `username`,
 * `icon_emoji`, `channel` (or a fragment: `#alerts`), `allow_insecure_http`, and
 * `base_url` (`http://127.0.0.1:8080` for a local fake server; default
 * `https://hooks.slack.com`). A user part (`slack://tocsin@T…/…`) is the `username`.
 * @throws Error naming the wrong part, never a value (the path holds the token).
 */
export function slackOptionsFromUrl(url: URL): Record<string, unknown> {
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  if (!TEAM.test(url.hostname)) throw new Error(`the host: expected the team id T…, as ${SHAPE}`);
  if (segments.length !== 2) throw new Error(`the path: expected /<B…>/<token>, as ${SHAPE}`);
  const [hook = '', token = ''] = segments;
  if (!HOOK.test(hook)) throw new Error(`the path: expected the webhook id B… first, as ${SHAPE}`);
  if (!TOKEN.test(token))
    throw new Error(`the path: expected the token (letters and digits) last, as ${SHAPE}`);
  if (url.password !== '')
    throw new Error('the password: a Slack URL has none (only an optional username@)');
  const { baseUrl, channel, ...options } = urlQuery(url, {
    username: 'string',
    icon_emoji: 'string',
    channel: 'string',
    allow_insecure_http: 'boolean',
    base_url: 'string',
  });
  const base = typeof baseUrl === 'string' ? baseUrl : 'https://hooks.slack.com';
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(base))
    throw new Error('the query key "base_url": expected https://<host>[:port], no path');
  const fragment = url.hash === '' ? undefined : `#${decoded(url.hash.slice(1), 'the fragment')}`;
  if (fragment !== undefined && channel !== undefined)
    throw new Error('the fragment: give the channel once, as ?channel= or as #channel');
  const channelName = channel ?? fragment;
  const username = url.username === '' ? undefined : decoded(url.username, 'the user name');
  return {
    webhookUrl: `${base.replace(/\/$/, '')}/services/${url.hostname}/${hook}/${token}`,
    ...(username === undefined ? {} : { username }),
    ...options,
    ...(channelName === undefined ? {} : { channelName }),
  };
}

function decoded(value: string, part: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Error(`${part}: it is not valid percent-encoding`);
  }
}
