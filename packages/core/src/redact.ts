const URL_RE =
  /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>@]*@)?([^\s/?#"'<>]+)([^\s?#"'<>]*)(\?[^\s#"'<>]*)?(#[^\s"'<>]*)?/gi;
// Only what is generic to HTTP: a channel masks its own service's token shapes itself.
const TOKEN_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ***'],
];

/**
 * Mask a URL for display: credentials dropped, and every path segment, the query and the
 * fragment replaced by `***` (any of them may be the secret): only the origin shows.
 * `https://relay.example.com/T1/hook?k=v` -> `https://relay.example.com/***\/***?***`.
 */
export function maskUrl(url: string | URL): string {
  return String(url).replace(URL_RE, maskMatch);
}

/**
 * Make a message safe to log: URLs masked as `maskUrl` does, Bearer and Basic credentials
 * replaced, and each of `secrets` (exact strings) replaced by `***`. A service's own token
 * shapes are masked by its channel, not here.
 */
export function redact(message: string, secrets: readonly string[] = []): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  out = out.replace(URL_RE, maskMatch);
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function maskMatch(
  _match: string,
  scheme: string,
  _userinfo: string | undefined,
  host: string,
  path: string,
  query: string | undefined,
  fragment: string | undefined,
): string {
  // Every path segment may be the secret (`https://relay.example/TOKEN`, an ntfy topic, a
  // healthcheck UUID): only the origin is kept. A channel that knows its URL's shape may show more.
  const masked = path.replace(/[^/]+/g, '***');
  return `${scheme}${host}${masked}${query ? '?***' : ''}${fragment ? '#***' : ''}`;
}
