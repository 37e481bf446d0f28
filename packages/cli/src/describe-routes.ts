import {
  type ChannelConfig,
  compileRoutes,
  durationText,
  type GroupOptions,
  matcherText,
  type RouteNode,
  type RouteSettings,
  type TocsinConfig,
} from '@tocsin/core';

type Noise = ChannelConfig['noise'];

/**
 * The routes tree as `tocsin check` prints it, one route a line, indented by depth: its
 * matchers, channels (marked when inherited), `continue` and what it sets itself; then the
 * entries it made, each with the settings it ended up with. No lines without routes.
 */
export function describeRoutes(
  config: TocsinConfig,
  describeNoise: (noise: Noise) => string,
): string[] {
  const tree = config.routes;
  if (tree === undefined) return [];
  const lines = [
    '',
    tree.source === 'route'
      ? "Routes (alerts.route, Alertmanager's block: at each level the first match takes the alert)"
      : 'Routes (alerts.routes: at each level the first match takes the alert)',
  ];
  const walk = (route: RouteNode, depth: number, inherited: readonly string[]) => {
    const channels = route.channels ?? inherited;
    lines.push(`${'  '.repeat(depth)}${describeRoute(route, inherited)}`);
    for (const child of route.routes) walk(child, depth + 1, channels);
  };
  // Our list hangs under a root that sends nowhere: print its routes only.
  if (tree.source === 'routes') for (const route of tree.root.routes) walk(route, 1, []);
  else walk(tree.root, 1, []);

  const entries = compileRoutes(tree.root);
  lines.push(
    '',
    `Route entries (${entries.length}; a channel's own key gets only what is sent to it by name)`,
  );
  if (entries.length === 0) lines.push('  none: no route names a channel');
  const width = Math.max(...entries.map((entry) => entry.key.length));
  for (const entry of entries) {
    const own = config.channels[entry.channel]?.noise ?? {};
    lines.push(
      `  ${entry.key.padEnd(width)}  ${describeSettings(entry.settings, own, describeNoise)}`,
    );
  }
  return lines;
}

function describeRoute(route: RouteNode, inherited: readonly string[]): string {
  const matchers =
    route.matchers.length === 0 ? 'every alert' : route.matchers.map(matcherText).join(', ');
  const channels =
    route.channels === undefined
      ? inherited.length === 0
        ? 'no channel'
        : `${inherited.join(', ')} (inherited)`
      : route.channels.length === 0
        ? 'no channel'
        : route.channels.join(', ');
  const own: string[] = [];
  if (route.continue) own.push('continue');
  if (route.group === false) own.push('no grouping');
  else if (route.group !== undefined) own.push(describeOwnGroup(route.group));
  if (route.repeatInterval === 'never') own.push('once per fingerprint');
  else if (route.repeatInterval === 'until-resolved') own.push('once per incident');
  else if (route.repeatInterval !== undefined)
    own.push(`repeat ${durationText(route.repeatInterval)}`);
  own.push(...windows(route.muteTimeIntervals, route.activeTimeIntervals));
  return `${route.path}: ${matchers} -> ${channels}${own.length === 0 ? '' : `; ${own.join('; ')}`}`;
}

/** What an entry ends up with: the route's settings, else the channel's own (as built). */
/** Only the group keys the route sets (the rest it inherits): `group by service, wait 10s`. */
function describeOwnGroup(group: GroupOptions): string {
  const said: string[] = [];
  if (group.by !== undefined)
    said.push(group.by.length === 0 ? 'one group' : `by ${group.by.join(',')}`);
  if (group.wait !== undefined) said.push(`wait ${durationText(Number(group.wait))}`);
  if (group.interval !== undefined) said.push(`interval ${durationText(Number(group.interval))}`);
  if (group.maxWait !== undefined) said.push(`max wait ${durationText(Number(group.maxWait))}`);
  return `group ${said.join(', ')}`.trim();
}

function describeSettings(
  settings: RouteSettings,
  own: Noise,
  describeNoise: (noise: Noise) => string,
): string {
  const { group } = settings;
  const repeatInterval = settings.repeatInterval ?? own.repeatInterval;
  const said: string[] = [];
  if (group === false) said.push('no grouping');
  const grouping =
    group === false
      ? {}
      : group === undefined
        ? { ...(own.group ? { group: own.group } : {}), ...(own.burst ? { burst: own.burst } : {}) }
        : { group };
  const noise = describeNoise({
    ...grouping,
    ...(repeatInterval === undefined ? {} : { repeatInterval }),
  });
  if (noise !== '-') said.push(noise);
  said.push(...windows(settings.muteTimeIntervals, settings.activeTimeIntervals));
  return said.length === 0 ? '-' : said.join('; ');
}

function windows(
  mute: readonly string[] | undefined,
  active: readonly string[] | undefined,
): string[] {
  const said: string[] = [];
  if (mute !== undefined && mute.length > 0) said.push(`muted during ${mute.join(', ')}`);
  if (active !== undefined && active.length > 0)
    said.push(`active only during ${active.join(', ')}`);
  return said;
}
