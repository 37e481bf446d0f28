import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Alert, createAlerts } from '../alert.js';
import { CompiledMatchers, type LabelMatcher, parseMatchers } from './label-matchers.js';
import { compileRoutes, type RouteNode } from './route-tree.js';

/** Alertmanager's rule, walked per alert: the oracle the compiled entries must agree with. */
function walk(route: RouteNode, alert: Alert): RouteNode[] {
  if (!new CompiledMatchers(route.matchers).matches(alert)) return [];
  const all: RouteNode[] = [];
  for (const child of route.routes) {
    const found = walk(child, alert);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}

function route(
  path: string,
  matchers: string[],
  extra: Partial<Omit<RouteNode, 'path' | 'matchers'>> = {},
): RouteNode {
  return { path, matchers: parseMatchers(matchers), continue: false, routes: [], ...extra };
}

function alert(labels: Record<string, string>): Alert {
  return createAlerts([{ title: 't', labels }], 0, undefined)[0] as Alert;
}

/** Entry keys an alert passes. */
function receivers(root: RouteNode, labels: Record<string, string>): string[] {
  const a = alert(labels);
  return compileRoutes(root)
    .filter((entry) => entry.when === undefined || entry.when(a))
    .map((entry) => entry.key);
}

describe('compileRoutes', () => {
  const tree = route('route', [], {
    channels: ['default'],
    routes: [
      route('route.routes[0]', ['team="db"'], {
        channels: ['db'],
        routes: [route('route.routes[0].routes[0]', ['severity="page"'], { channels: ['pager'] })],
      }),
      route('route.routes[1]', ['team=~"db|web"'], { channels: ['web'] }),
      route('route.routes[2]', ['env="prod"'], { channels: ['audit'], continue: true }),
      route('route.routes[3]', ['env="prod"'], { channels: ['prod'] }),
    ],
  });

  it('sends an alert to the first matching route, to its deepest match', () => {
    expect(receivers(tree, { team: 'db' })).toEqual(['db@route.routes[0]']);
    expect(receivers(tree, { team: 'db', severity: 'page' })).toEqual([
      'pager@route.routes[0].routes[0]',
    ]);
    // `team=~"db|web"` matches db too, but the first route took it.
    expect(receivers(tree, { team: 'web' })).toEqual(['web@route.routes[1]']);
  });

  it('lets the routes after one with `continue` match too, and the root keeps the rest', () => {
    expect(receivers(tree, { env: 'prod' })).toEqual([
      'audit@route.routes[2]',
      'prod@route.routes[3]',
    ]);
    expect(receivers(tree, { env: 'dev' })).toEqual(['default@route']);
  });

  it('makes no entry for a route no alert can end on', () => {
    const shadowed = route('routes', [], {
      channels: ['root'],
      routes: [
        route('routes[0]', [], {
          channels: ['all'],
          routes: [route('routes[0].routes[0]', ['a="1"'])],
        }),
        route('routes[1]', ['a="1"'], { channels: ['never'] }),
      ],
    });
    expect(compileRoutes(shadowed).map((entry) => entry.key)).toEqual([
      'all@routes[0]',
      'all@routes[0].routes[0]',
    ]);
  });

  it('inherits channels, grouping, repeat and time intervals unless a route sets its own', () => {
    const root = route('route', [], {
      channels: ['slack'],
      group: { by: ['service'], wait: 30 },
      repeatInterval: 3600,
      muteTimeIntervals: ['nights'],
      routes: [
        route('route.routes[0]', ['a="1"'], { group: { wait: 5 } }),
        route('route.routes[1]', ['a="2"'], {
          channels: ['mail'],
          group: false,
          muteTimeIntervals: [],
        }),
      ],
    });
    const [first, second] = compileRoutes(root).filter((entry) => entry.route.path !== 'route');
    expect(first?.key).toBe('slack@route.routes[0]');
    expect(first?.settings).toEqual({
      channels: ['slack'],
      group: { by: ['service'], wait: 5 },
      repeatInterval: 3600,
      muteTimeIntervals: ['nights'],
      activeTimeIntervals: undefined,
    });
    expect(second?.key).toBe('mail@route.routes[1]');
    expect(second?.settings.group).toBe(false);
    expect(second?.settings.muteTimeIntervals).toEqual([]);
  });

  it('agrees with Alertmanager’s walk on random trees and alerts', () => {
    const labels = ['a', 'b', 'c'];
    const values = ['1', '2', ''];
    const matcher = fc
      .tuple(
        fc.constantFrom(...labels),
        fc.constantFrom('=', '!=', '=~', '!~'),
        fc.constantFrom(...values, '1|2'),
      )
      .map(([name, op, value]) => `${name}${op}"${value}"`);
    interface Raw {
      matchers: LabelMatcher[];
      continue: boolean;
      routes: Raw[];
    }
    const none: fc.Arbitrary<Raw[]> = fc.constant([]);
    const node: fc.Memo<Raw> = fc.memo((depth) =>
      fc.record({
        matchers: fc.array(matcher, { maxLength: 2 }).map((list) => parseMatchers(list)),
        continue: fc.boolean(),
        routes: depth <= 1 ? none : fc.array(node(depth - 1), { maxLength: 3 }),
      }),
    );
    /** Paths, and a channel per route so each route has an entry of its own. */
    const named = (raw: Raw, path: string): RouteNode => ({
      ...raw,
      path,
      channels: [path],
      routes: raw.routes.map((child, i) => named(child, `${path}.routes[${i}]`)),
    });
    const labelSet = fc.record(
      {
        a: fc.constantFrom(...values),
        b: fc.constantFrom(...values),
        c: fc.constantFrom(...values),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(node(3), fc.array(labelSet, { minLength: 1, maxLength: 5 }), (raw, sets) => {
        const root = named({ ...raw, matchers: [], continue: false }, 'route');
        const entries = compileRoutes(root);
        for (const set of sets) {
          const a = alert(Object.fromEntries(Object.entries(set).filter(([, v]) => v !== '')));
          const expected = walk(root, a).map((r) => `${r.path}@${r.path}`);
          const got = entries.filter((e) => e.when === undefined || e.when(a)).map((e) => e.key);
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
