const URL_RE =
  /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>@]*@)?([^\s/?#"'<>]+)([^\s?#"'<>]*)(\?[^\s#"'<>]*)?(#[^\s"'<>]*)?/gi;
// Only what is generic to HTTP: a channel masks its own service's token shapes itself.
const TOKEN_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ***'],
];

/**
 * Mask a URL for display: credentials, query string and fragment dropped, and every path
 * segment after the first replaced by `***` (many webhook paths are the secret).
 * `https://hooks.example.com/services/T1/B2/xyz` -> `https://hooks.example.com/services/***\/***\/***`.
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
  const segments = path.split('/');
  // segments[0] is '' (path starts with '/'); keep the first real segment, mask the rest.
  const masked = segments
    .map((segment, i) => (i <= 1 || segment === '' ? segment : '***'))
    .join('/');
  return `${scheme}${host}${masked}${query ? '?***' : ''}${fragment ? '#***' : ''}`;
}
