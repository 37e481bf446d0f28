/** Hosts a plain http:// URL may name when only local fakes may use http. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** How a URL option that holds or carries a secret is checked. */
export interface HttpsUrlRule {
  /** The option, as messages name it: `webhookUrl`. */
  readonly option: string;
  /** What the URL sends with it, for the http: message: `the webhook signature`. */
  readonly secret: string;
  /**
   * When plain http: is accepted: `true` (the channel's `allowInsecureHttp` is set),
   * `false`, or `'loopback'` for a loopback host only.
   */
  readonly http: boolean | 'loopback';
  /** Refuse a query too: the URL is a base the channel adds a path to. @default false */
  readonly bare?: boolean | undefined;
}

/**
 * What is wrong with an https URL option, never repeating the value (it is, or carries,
 * the credential); `undefined` when it is fine: absolute, https: (or http: as the rule
 * allows), and without user or password.
 */
export function httpsUrlProblem(value: string | URL, rule: HttpsUrlRule): string | undefined {
  const option = `\`${rule.option}\``;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return `${option} must be an absolute https:// URL; it could not be parsed`;
  }
  if (url.protocol === 'http:' && rule.http === false)
    return `${option} must use https:; http: sends ${rule.secret} in clear text (set \`allowInsecureHttp: true\` only for local tests)`;
  if (url.protocol === 'http:' && rule.http === 'loopback' && !LOOPBACK.has(url.hostname))
    return `${option} must use https:; http: is accepted only for a loopback host (local tests), since it sends ${rule.secret} in clear text`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `${option} must use https:; got ${url.protocol.slice(0, 20)}`;
  if (rule.bare === true && (url.search !== '' || url.username !== '' || url.password !== ''))
    return `${option} must be a bare origin and path, without a query or credentials`;
  if (url.username !== '' || url.password !== '')
    return `${option} must not contain credentials (user:password@)`;
  return undefined;
}
