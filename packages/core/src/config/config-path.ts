/** One step into the config tree: a mapping key or a list index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * A path as a person reads it: `alerts.channels.oncall.recipients[0]`. Keys that are not
 * plain words are quoted in brackets: `alerts.channels["ops.chat"]`.
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
