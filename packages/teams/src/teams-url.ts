import { takeUrlFlags } from '@tocsin/channel-kit';

/**
 * `teams://<host>[:port]/<path>?<query>` as options: the workflow URL
 * `https://<host>[:port]/<path>?<query>`, query and all (`api-version`, `sp`, `sv`, `sig`).
 * One key of the query is Tocsin's and is taken off: `allow_insecure_http=yes` makes it
 * `http://` (a local fake server) and sets `allowInsecureHttp`.
 * @throws Error naming the wrong part, never a value (the query holds the signature).
 */
export function teamsOptionsFromUrl(url: URL): Record<string, unknown> {
  if (url.hostname === '') throw new Error('the host: expected teams://<host>/<path>?<query>');
  if (url.username !== '' || url.password !== '')
    throw new Error('the user and password: a Teams workflow URL has none');
  if (url.pathname === '' || url.pathname === '/')
    throw new Error('the path: expected the workflow path, /workflows/<id>/triggers/…');
  const query = new URLSearchParams(url.search);
  const flags = takeUrlFlags(query, { allow_insecure_http: 'allowInsecureHttp' });
  const search = query.size === 0 ? '' : `?${query}`;
  const protocol = flags.allowInsecureHttp ? 'http:' : 'https:';
  return { webhookUrl: `${protocol}//${url.host}${url.pathname}${search}`, ...flags };
}
