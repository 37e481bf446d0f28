import type { Alert } from '../alert.js';
import type { GroupOptions } from '../alert-manager-options.js';
import { CompiledMatchers, type LabelMatcher } from './label-matchers.js';

/**
 * One route of a routes tree (Alertmanager's shape), settings in code spelling. A setting
 * left undefined is inherited from the parent route.
 */
export interface RouteNode {
  /** Where the route sits, relative to `alerts`: `routes[0].routes[1]`, `route.routes[2]`. */
  readonly path: string;
  /** Labels the alert must match to take this route; empty: every alert. */
  readonly matchers: readonly LabelMatcher[];
  /** Keys of the channels it sends to. */
  readonly channels?: readonly string[];
  /** Let the routes after it on the same level match too. */
  readonly continue: boolean;
  /** Grouping for its subtree; `false`: none. Keys merge over the parent's. */
  readonly group?: GroupOptions | false;
  /** Seconds, or `'never'`. */
  readonly repeatInterval?: number | 'never' | 'until-resolved';
  readonly muteTimeIntervals?: readonly string[];
  readonly activeTimeIntervals?: readonly string[];
  readonly routes: readonly RouteNode[];
}

/** A route's settings once inherited: what its entries are registered with. */
export interface RouteSettings {
  readonly channels: readonly string[];
  readonly group: GroupOptions | false | undefined;
  readonly repeatInterval: number | 'never' | 'until-resolved' | undefined;
  readonly muteTimeIntervals: readonly string[] | undefined;
  readonly activeTimeIntervals: readonly string[] | undefined;
}

/** One (route, channel) that can receive alerts: a channel entry of its own. */
export interface RouteEntry {
  /** `<channel>@<route path>`: its key in results and stats. */
  readonly key: string;
  readonly channel: string;
  readonly route: RouteNode;
  readonly settings: RouteSettings;
  /**
   * True when the alert ends on this route: it matches the route and each ancestor, no
   * earlier sibling without `continue` matched on the way, and none of the route's children
   * matches. Undefined when that holds for every alert.
   */
  readonly when: ((alert: Alert) => boolean) | undefined;
}

/** A route and what it is known to have inherited, while walking the tree. */
interface Walk {
  readonly settings: RouteSettings;
  /** Matchers the alert must meet (the path's), one set. */
  readonly must: readonly LabelMatcher[];
  /** Sets the alert must not match (earlier siblings without `continue`, on the path). */
  readonly mustNot: readonly CompiledMatchers[];
}

const NOTHING: RouteSettings = {
  channels: [],
  group: undefined,
  repeatInterval: undefined,
  muteTimeIntervals: undefined,
  activeTimeIntervals: undefined,
};

/**
 * The entries a tree makes, depth first, as Alertmanager matches: an alert goes to the
 * first route of a level that matches (its deepest matching descendants, or itself when
 * none of its children match); `continue: true` lets the routes after it match too. A
 * route, or a (route, channel), that no alert can end on (a sibling before it without
 * matchers and without `continue` takes everything) makes no entry.
 */
export function compileRoutes(root: RouteNode): RouteEntry[] {
  const out: RouteEntry[] = [];
  visit(root, { settings: NOTHING, must: [], mustNot: [] }, out);
  return out;
}

function visit(route: RouteNode, parent: Walk, out: RouteEntry[]): void {
  const walk: Walk = {
    settings: inherit(parent.settings, route),
    must: [...parent.must, ...route.matchers],
    mustNot: parent.mustNot,
  };
  // The route keeps an alert when none of its children matches it.
  const children = route.routes.map((child) => new CompiledMatchers(child.matchers));
  if (children.every((child) => child.matchers.length > 0)) {
    const when = predicate(walk.must, [...walk.mustNot, ...children]);
    for (const channel of new Set(walk.settings.channels))
      out.push({ key: `${channel}@${route.path}`, channel, route, settings: walk.settings, when });
  }
  const before: CompiledMatchers[] = [];
  for (const [index, child] of route.routes.entries()) {
    visit(child, { ...walk, mustNot: [...walk.mustNot, ...before] }, out);
    if (child.continue) continue;
    // A sibling that matches everything and stops: nothing reaches the routes after it.
    if (child.matchers.length === 0) break;
    before.push(children[index] as CompiledMatchers);
  }
}

function inherit(parent: RouteSettings, route: RouteNode): RouteSettings {
  let group = parent.group;
  if (route.group === false) group = false;
  else if (route.group !== undefined)
    group = group === undefined || group === false ? route.group : { ...group, ...route.group };
  return {
    channels: route.channels ?? parent.channels,
    group,
    repeatInterval: route.repeatInterval ?? parent.repeatInterval,
    muteTimeIntervals: route.muteTimeIntervals ?? parent.muteTimeIntervals,
    activeTimeIntervals: route.activeTimeIntervals ?? parent.activeTimeIntervals,
  };
}

function predicate(
  must: readonly LabelMatcher[],
  mustNot: readonly CompiledMatchers[],
): ((alert: Alert) => boolean) | undefined {
  if (mustNot.length === 0) {
    if (must.length === 0) return undefined;
    const all = new CompiledMatchers(must);
    return (alert) => all.matches(alert);
  }
  const all = new CompiledMatchers(must);
  return (alert) => {
    if (!all.matches(alert)) return false;
    for (const other of mustNot) if (other.matches(alert)) return false;
    return true;
  };
}
