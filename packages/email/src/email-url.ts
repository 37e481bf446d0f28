import { decodeUrlPart, urlQuery } from '@tocsin/channel-kit';

/**
 * The options a channel URL stands for: `smtp://user:pass@host[:port]?from=...&to=a,b`
 * (plain SMTP, upgraded with STARTTLS when the server offers it, as the channel does by
 * default; port 587 unless given) or `smtps://...` (TLS from the first byte; port 465
 * unless given). User and password are percent-decoded. Query: `from`, `to`, `cc`, `bcc`
 * (comma-separated), `reply_to`, `subject_prefix`, `require_tls` (yes: refuse a server
 * without STARTTLS), `html`, `timeout`.
 * @throws Error naming the wrong part of the URL, never a value from it.
 */
export function emailOptionsFromUrl(url: URL): Record<string, unknown> {
  const secure = url.protocol === 'smtps:';
  if (url.hostname === '') throw new Error('the host: expected smtp://user:password@host:port');
  if (url.pathname !== '' && url.pathname !== '/')
    throw new Error('the path: expected none, smtp://user:password@host:port?from=...&to=...');
  const { requireTls, ...query } = urlQuery(url, {
    from: 'string',
    to: 'list',
    cc: 'list',
    bcc: 'list',
    reply_to: 'string',
    subject_prefix: 'string',
    require_tls: 'boolean',
    html: 'boolean',
    timeout: 'integer',
  });
  if (secure && requireTls === true)
    throw new Error(
      'the query key "require_tls": smtps:// is TLS from the start; use smtp:// for STARTTLS',
    );
  const transport: Record<string, unknown> = {
    // `[::1]` is how a URL writes an IPv6 address; the socket wants `::1`.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    secure,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    ...(requireTls === true ? { requireTLS: true } : {}),
  };
  if (url.username !== '' || url.password !== '') {
    if (url.username === '')
      throw new Error('the authority: expected user:password@, the user is missing');
    transport.auth = {
      user: decodeUrlPart(url.username, 'the user'),
      pass: decodeUrlPart(url.password, 'the password'),
    };
  }
  return { transport, ...query };
}
