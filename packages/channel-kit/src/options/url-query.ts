/** How a query parameter of a channel URL is read. */
export type UrlParamKind = 'string' | 'list' | 'integer' | 'boolean';

/**
 * The query of a channel URL as options: `?to=a@x.org,b@x.org&use_html=yes` with
 * `{ to: 'list', use_html: 'boolean' }` gives `{ to: ['a@x.org', 'b@x.org'], useHtml: true }`.
 * Keys are snake_case in the URL and camelCase in the result; a list is comma-separated
 * (or the key repeated); a boolean is yes/no, true/false, 1/0.
 * @throws Error naming the key for an unknown key or a value of the wrong kind; the
 * message never holds a value (a query may carry a token).
 */
export function urlQuery(
  url: URL,
  known: Readonly<Record<string, UrlParamKind>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const kind = known[key];
    if (kind === undefined) {
      const names = Object.keys(known);
      throw new Error(
        `the query key "${key.slice(0, 40)}" is not known: expected ${names.length > 0 ? names.join(', ') : 'no query'}`,
      );
    }
    const values = url.searchParams.getAll(key);
    out[camelCase(key)] = read(key, kind, values);
  }
  return out;
}

function read(key: string, kind: UrlParamKind, values: string[]): unknown {
  const last = values[values.length - 1] ?? '';
  switch (kind) {
    case 'list':
      return values.flatMap((value) => value.split(',')).filter((value) => value !== '');
    case 'integer': {
      if (!/^\d{1,15}$/.test(last))
        throw new Error(`the query key "${key}": expected a whole number`);
      return Number(last);
    }
    case 'boolean': {
      const word = last.toLowerCase();
      if (['yes', 'true', '1', ''].includes(word)) return true;
      if (['no', 'false', '0'].includes(word)) return false;
      throw new Error(`the query key "${key}": expected yes or no`);
    }
    default:
      return last;
  }
}

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
