const YES = ['yes', 'true', '1', ''];
const NO = ['no', 'false', '0'];

/**
 * Take Tocsin's yes/no keys off a channel URL's query, leaving the service's own keys in
 * it: `{ allow_insecure_http: 'allowInsecureHttp' }` gives `{ allowInsecureHttp: true }`
 * for `allow_insecure_http=yes` (the last value wins); a key that says no is left out.
 * @throws Error naming the key, never its value, when it is neither yes nor no
 */
export function takeUrlFlags(
  query: URLSearchParams,
  keys: Readonly<Record<string, string>>,
): Record<string, true> {
  const flags: Record<string, true> = {};
  for (const [key, option] of Object.entries(keys)) {
    if (!query.has(key)) continue;
    const word = (query.getAll(key).at(-1) ?? '').toLowerCase();
    query.delete(key);
    if (YES.includes(word)) flags[option] = true;
    else if (!NO.includes(word)) throw new Error(`the query key "${key}": expected yes or no`);
  }
  return flags;
}
