import type { GroupOptions } from '../alert-manager-options.js';
import { type LabelMatcher, parseMatchers } from '../routing/label-matchers.js';
import type { RouteNode } from '../routing/route-tree.js';
import type { PathSegment } from './config-path.js';
import { formatPath } from './config-path.js';
import { parseDuration } from './duration.js';
import type { RouteContext } from './resolve-routes.js';

type Raw = Record<string, unknown>;

/** Alertmanager's defaults for the root route (`DefaultRouteOpts`), in seconds. */
const ROOT_DEFAULTS = { groupWait: 30, groupInterval: 300, repeatInterval: 4 * 3600 } as const;

/**
 * An Alertmanager route block as a routes tree node, read as Alertmanager reads it:
 * `receiver` is one channel; `match`, `match_re` and `matchers` all hold; the root matches
 * every alert, must name a receiver, and groups with Alertmanager's defaults (one group,
 * 30s wait, 5m interval, 4h repeat) unless it says otherwise; children inherit the
 * receiver and grouping, but not the time intervals (Alertmanager does not pass those on).
 * `group_by: ['...']` (every label, so each alert its own group) is read as no grouping.
 */
export function alertmanagerNode(
  raw: Raw,
  at: PathSegment[],
  context: RouteContext,
  root = true,
): RouteNode {
  const issue = (path: PathSegment[], message: string) =>
    context.resolve.issues.push({ path: context.where(path), message });
  const matchers = [
    ...labelMapMatchers(raw.match as Record<string, string> | undefined, '='),
    ...labelMapMatchers(raw.match_re as Record<string, string> | undefined, '=~'),
    ...(raw.matchers === undefined ? [] : parseMatchers(raw.matchers as string | string[])),
  ];
  const continues = raw.continue === true || raw.continue === 'true';
  if (root) {
    if (raw.receiver === undefined)
      issue([...at, 'receiver'], 'missing: the root route needs a receiver (a channel key)');
    for (const key of [
      'matchers',
      'match',
      'match_re',
      'mute_time_intervals',
      'active_time_intervals',
      'continue',
    ])
      if (raw[key] !== undefined && !(key === 'continue' && !continues))
        issue(
          [...at, key],
          `the root route matches every alert: it cannot have \`${key}\` (as in Alertmanager); put it on a child route`,
        );
  }
  const node: { -readonly [K in keyof RouteNode]: RouteNode[K] } = {
    path: formatPath(at),
    matchers,
    continue: continues,
    routes: ((raw.routes as Raw[] | undefined) ?? []).map((child, index) =>
      alertmanagerNode(child, [...at, 'routes', index], context, false),
    ),
    // Not inherited in Alertmanager: an empty list stops a parent's from applying.
    muteTimeIntervals:
      context.intervals(raw.mute_time_intervals as string[] | undefined, [
        ...at,
        'mute_time_intervals',
      ]) ?? [],
    activeTimeIntervals:
      context.intervals(raw.active_time_intervals as string[] | undefined, [
        ...at,
        'active_time_intervals',
      ]) ?? [],
  };
  if (typeof raw.receiver === 'string')
    node.channels = context.channelKeys([raw.receiver], [...at, 'receiver']);
  const group = groupOf(raw, at, context, root);
  if (group !== undefined) node.group = group;
  const repeat = raw.repeat_interval ?? (root ? ROOT_DEFAULTS.repeatInterval : undefined);
  if (repeat !== undefined)
    node.repeatInterval = context.limit('repeatInterval', parseDuration(repeat), [
      ...at,
      'repeat_interval',
    ]);
  return node;
}

function groupOf(
  raw: Raw,
  at: PathSegment[],
  context: RouteContext,
  root: boolean,
): GroupOptions | false | undefined {
  const by = raw.group_by as string[] | undefined;
  if (by?.includes('...')) {
    if (by.length > 1)
      context.resolve.issues.push({
        path: context.where([...at, 'group_by']),
        message: "'...' (every label) must be the only name in group_by, as in Alertmanager",
      });
    return false;
  }
  const group: { -readonly [K in keyof GroupOptions]: GroupOptions[K] } = {};
  if (by !== undefined) group.by = by;
  else if (root) group.by = [];
  const wait = raw.group_wait ?? (root ? ROOT_DEFAULTS.groupWait : undefined);
  if (wait !== undefined)
    group.wait = context.limit('groupWait', parseDuration(wait), [...at, 'group_wait']);
  const interval = raw.group_interval ?? (root ? ROOT_DEFAULTS.groupInterval : undefined);
  if (interval !== undefined)
    group.interval = context.limit('groupInterval', parseDuration(interval), [
      ...at,
      'group_interval',
    ]);
  return Object.keys(group).length === 0 ? undefined : group;
}

/** `match` / `match_re` mappings as matchers, in the order written. */
function labelMapMatchers(
  map: Readonly<Record<string, string>> | undefined,
  operator: '=' | '=~',
): LabelMatcher[] {
  if (map === undefined) return [];
  return parseMatchers(Object.entries(map).map(([name, value]) => ({ name, operator, value })));
}
