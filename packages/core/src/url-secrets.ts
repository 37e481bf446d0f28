/**
 * Every part of a URL that may be a secret, to hide from messages and from anything the
 * remote sends back: the whole URL, its path and query, each query value, the user and
 * password, and each path segment of 8 characters or more (tokens live there). Parts
 * shorter than 4 characters are left out (hiding them would garble every message).
 */
export function urlSecrets(url: URL): string[] {
  const found = new Set<string>([url.href, `${url.pathname}${url.search}`]);
  if (url.search !== '') found.add(url.search.slice(1));
  for (const value of url.searchParams.values()) found.add(value);
  for (const part of [url.username, url.password]) {
    if (part !== '') {
      found.add(part);
      found.add(decodeURIComponent(part));
    }
  }
  for (const segment of url.pathname.split('/')) {
    if (segment.length >= 8) {
      found.add(segment);
      found.add(decodeURIComponent(segment));
    }
  }
  return [...found].filter((value) => value.length >= 4);
}
