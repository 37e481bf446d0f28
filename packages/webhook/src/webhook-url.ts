import { urlQuery } from '@tocsin/channel-kit';

/** The prefix of the query keys that are the channel's options; every other key is the receiver's. */
const OPTION_PREFIX = 'tocsin_';

const OPTION_KEYS = {
  format: 'string',
  method: 'string',
  timeout: 'integer',
  secret: 'string',
  max_body_bytes: 'integer',
  max_response_bytes: 'integer',
  max_connections: 'integer',
} as const;

/**
 * `webhook+https://host/path?query` (or `webhook+http://`) as options: `url` is the same
 * address with `https://` (`http://`), credentials, path and query kept byte for byte,
 * except the query keys starting `tocsin_`, which are the channel's own options
 * (`tocsin_format=alertmanager`, `tocsin_method=put`, `tocsin_timeout=10`, ...) and are
 * taken off. A receiver's own parameters, `format` or `method` included, thus always
 * reach it unchanged.
 * @throws Error naming the wrong part, never a value
 */
export function webhookOptionsFromUrl(url: URL): Record<string, unknown> {
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme !== 'webhook+https' && scheme !== 'webhook+http')
    throw new Error('the scheme: expected webhook+https or webhook+http');
  if (url.hostname === '') throw new Error('the host: expected webhook+https://<host>/<path>');
  const receiver: string[] = [];
  const own = new URLSearchParams();
  for (const part of url.search.slice(1).split('&')) {
    if (part === '') continue;
    const key = decodeKey(part.split('=', 1)[0] ?? '');
    if (key.startsWith(OPTION_PREFIX)) {
      const value = new URLSearchParams(part).values().next().value ?? '';
      own.append(key.slice(OPTION_PREFIX.length), value);
    } else receiver.push(part);
  }
  let options: Record<string, unknown>;
  try {
    options = urlQuery(new URL(`x:?${own}`), OPTION_KEYS);
  } catch (error) {
    const message = (error as Error).message.replace(
      'the query key "',
      `the query key "${OPTION_PREFIX}`,
    );
    throw new Error(
      message.includes('is not known')
        ? message.replace(': expected ', `: expected ${OPTION_PREFIX}<option>, one of `)
        : message,
    );
  }
  const rest = url.href.slice(url.protocol.length).replace(/[?#].*$/, '');
  const query = receiver.length === 0 ? '' : `?${receiver.join('&')}`;
  const target = new URL(`${scheme.slice('webhook+'.length)}:${rest}${query}${url.hash}`);
  return { url: target.href, ...options };
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
