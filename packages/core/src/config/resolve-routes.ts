import type { TimeIntervals } from '../lifecycle/time-intervals.js';
import type { LimitName } from '../limits.js';
import { parseMatchers } from '../routing/label-matchers.js';
import type { RouteNode } from '../routing/route-tree.js';
import { alertmanagerNode } from './alertmanager-route.js';
import { formatPath, type PathSegment } from './config-path.js';
import type { ConfigFile } from './config-schema.js';
import { didYouMeanSuffix } from './did-you-mean.js';
import type { ResolveContext } from './resolve-config.js';
import { resolveNoise } from './resolve-noise.js';
import type { ChannelConfig, RouteTree } from './tocsin-config.js';

type Raw = Record<string, unknown>;
type Limit = (name: LimitName, value: unknown, path: PathSegment[]) => number;

/** What reading a route needs: the channels to name, the windows, limits and the issues. */
export interface RouteContext {
  readonly channels: Readonly<Record<string, ChannelConfig>>;
  readonly timeIntervals: TimeIntervals;
  readonly limit: Limit;
  readonly resolve: Pick<ResolveContext, 'issues' | 'originOf' | 'logger' | 'preset'>;
  /** A path in the file, for messages: `alerts.routes[0].channels[1]`. */
  where(path: readonly PathSegment[]): string;
  /** Channel keys for the names (keys or `name`s) at `path`; unknown ones are issues. */
  channelKeys(names: readonly string[], path: PathSegment[]): string[];
  /** Names of `alerts.time_intervals`; undefined ones are issues. */
  intervals(names: readonly string[] | undefined, path: PathSegment[]): string[] | undefined;
}

/**
 * `alerts.routes` (our spelling) or `alerts.route` (one Alertmanager root route) as one
 * tree: matchers parsed, channel names made keys, durations in seconds with the hard
 * limits applied. Every channel, time interval or pager a route names must exist; both
 * keys at once is an error. Undefined when the file has neither.
 */
export function resolveRoutes(
  alerts: ConfigFile['alerts'],
  channels: Readonly<Record<string, ChannelConfig>>,
  timeIntervals: TimeIntervals,
  limit: Limit,
  resolve: RouteContext['resolve'],
): RouteTree | undefined {
  const ours = (alerts as Raw).routes as Raw[] | undefined;
  const theirs = (alerts as Raw).route as Raw | undefined;
  const context = routeContext(channels, timeIntervals, limit, resolve);
  if (ours !== undefined && theirs !== undefined) {
    resolve.issues.push({
      path: context.where(['route']),
      message:
        '`route` (one Alertmanager root route) and `routes` (a list of routes) cannot both be set: keep one',
    });
    return undefined;
  }
  let tree: RouteTree | undefined;
  if (theirs !== undefined)
    tree = { source: 'route', root: alertmanagerNode(theirs, ['route'], context) };
  else if (ours !== undefined)
    tree = {
      source: 'routes',
      root: {
        path: 'routes',
        matchers: [],
        channels: [],
        continue: false,
        routes: ours.map((raw, index) => routeNode(raw, ['routes', index], context)),
      },
    };
  if (tree !== undefined) warnUnrouted(tree, channels, alerts, resolve);
  return tree;
}

/** One route of `alerts.routes`, and its children. */
function routeNode(raw: Raw, at: PathSegment[], context: RouteContext): RouteNode {
  const node: { -readonly [K in keyof RouteNode]: RouteNode[K] } = {
    path: formatPath(at),
    matchers: raw.matchers === undefined ? [] : parseMatchers(raw.matchers as string | string[]),
    continue: raw.continue === true || raw.continue === 'true',
    routes: ((raw.routes as Raw[] | undefined) ?? []).map((child, index) =>
      routeNode(child, [...at, 'routes', index], context),
    ),
  };
  if (raw.channels !== undefined)
    node.channels = context.channelKeys(raw.channels as string[], [...at, 'channels']);
  const noise = resolveNoise(
    {
      ...(raw.group === undefined || raw.group === false ? {} : { group: raw.group }),
      ...(raw.repeat_interval === undefined ? {} : { repeat_interval: raw.repeat_interval }),
    },
    at,
    context.limit,
    context.resolve,
  );
  if (raw.group === false) node.group = false;
  else if (noise.group !== undefined) {
    node.group = noise.group;
    if (noise.group.pager !== undefined)
      context.channelKeys([noise.group.pager.channel], [...at, 'group', 'pager', 'channel']);
  }
  if (noise.repeatInterval !== undefined) node.repeatInterval = noise.repeatInterval;
  const mute = context.intervals(raw.mute_time_intervals as string[] | undefined, [
    ...at,
    'mute_time_intervals',
  ]);
  if (mute !== undefined) node.muteTimeIntervals = mute;
  const active = context.intervals(raw.active_time_intervals as string[] | undefined, [
    ...at,
    'active_time_intervals',
  ]);
  if (active !== undefined) node.activeTimeIntervals = active;
  return node;
}

function routeContext(
  channels: Readonly<Record<string, ChannelConfig>>,
  timeIntervals: TimeIntervals,
  limit: Limit,
  resolve: RouteContext['resolve'],
): RouteContext {
  const where = (path: readonly PathSegment[]) => formatPath(resolve.originOf(path).path);
  const all = Object.values(channels);
  const names = [
    ...new Set(all.flatMap((c) => (c.name === undefined ? [c.key] : [c.key, c.name]))),
  ];
  return {
    channels,
    timeIntervals,
    limit,
    resolve,
    where,
    channelKeys(wanted, path) {
      const keys: string[] = [];
      wanted.forEach((name, index) => {
        const found = all.filter((c) => c.key === name);
        const match = found.length > 0 ? found : all.filter((c) => c.name === name);
        const at = where([...path, ...(path.at(-1) === 'channels' ? [index] : [])]);
        if (match.length === 0) {
          resolve.issues.push({
            path: at,
            message: `no channel is called "${name}"${didYouMeanSuffix(name, names)} (channels: ${Object.keys(channels).join(', ') || 'none'})`,
          });
          return;
        }
        for (const channel of match) {
          if (channel.enabled) keys.push(channel.key);
          else
            resolve.logger.warn(
              `${at} names "${name}", which is disabled${resolve.preset === undefined ? '' : ` in preset "${resolve.preset}"`}: the route sends nothing there`,
            );
        }
      });
      return keys;
    },
    intervals(wanted, path) {
      if (wanted === undefined) return undefined;
      const missing = wanted.filter((name) => !Object.hasOwn(timeIntervals, name));
      if (missing.length > 0) {
        const defined = Object.keys(timeIntervals);
        resolve.issues.push({
          path: where(path),
          message: `no time interval named ${missing.map((name) => JSON.stringify(name)).join(', ')} in alerts.time_intervals${defined.length > 0 ? ` (defined: ${defined.join(', ')})` : ''}`,
        });
      }
      return wanted.filter((name) => !missing.includes(name));
    },
  };
}

/**
 * With routes, a channel gets alerts only through them: say so for an enabled channel no
 * route names (unless it is a pager's or the monitoring markers' target, which is why a
 * channel is often left off the routes).
 */
function warnUnrouted(
  tree: RouteTree,
  channels: Readonly<Record<string, ChannelConfig>>,
  alerts: ConfigFile['alerts'],
  resolve: RouteContext['resolve'],
): void {
  const named = new Set<string>();
  const walk = (route: RouteNode) => {
    for (const key of route.channels ?? []) named.add(key);
    const group = route.group === false ? undefined : route.group;
    if (group?.pager !== undefined) named.add(group.pager.channel);
    route.routes.forEach(walk);
  };
  walk(tree.root);
  if (alerts.monitoring !== undefined) named.add(alerts.monitoring.channel);
  for (const channel of Object.values(channels)) {
    const pager = (channel.noise.group ?? channel.noise.burst)?.pager?.channel;
    if (pager !== undefined) named.add(pager);
  }
  const unrouted = Object.values(channels).filter(
    (c) => c.enabled && !named.has(c.key) && (c.name === undefined || !named.has(c.name)),
  );
  if (unrouted.length > 0)
    resolve.logger.warn(
      `alerts.${tree.source}: no route names ${unrouted.map((c) => `"${c.key}"`).join(', ')}: with routes, a channel gets alerts only through them (or sent to it by name)`,
    );
}
