import { AlertManager } from '../alert-manager.js';
import type { AddChannelOptions, AlertManagerOptions } from '../alert-manager-options.js';
import { AlertThrottle } from '../alert-throttle.js';
import type { Channel } from '../channel.js';
import type { AnyChannelDefinition } from '../channel-definition.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { DEFAULTS } from '../limits.js';
import { defaultLogger, type Logger } from '../logger.js';
import { redact } from '../redact.js';
import type { ReportOptions } from '../reports/report-options.js';
import { compileRoutes, type RouteEntry } from '../routing/route-tree.js';
import type { SharedState } from '../shared-state-definition.js';
import type { NoiseStore } from '../stages/noise-store.js';
import type { Throttle } from '../stages/throttle-stage.js';
import type { ChannelFactory } from './channel-factory.js';
import { fileSpelling } from './file-options.js';
import { type LoadConfigOptions, loadConfig } from './load-config.js';
import { createSharedState } from './shared-config.js';
import {
  type ChannelConfig,
  configDefinitions,
  configSecrets,
  isTocsinConfig,
  type TocsinConfig,
} from './tocsin-config.js';

export type { ChannelFactory, ChannelFactoryContext } from './channel-factory.js';

export interface FromConfigOptions
  extends LoadConfigOptions,
    Omit<AlertManagerOptions, 'defaults'> {
  /**
   * Channel types registered in code with a bare factory, by `type`:
   * `{ pagerduty: (options) => new PagerDutyChannel(options) }`. The factory gets the
   * instance's keys camelCased (common keys removed) plus `name`; nothing is validated.
   * Prefer `definitions`, which brings a schema, secrets and JSON Schema too.
   */
  channelTypes?: Readonly<Record<string, ChannelFactory>>;
  /** The `collect()` of each report of `alerts.reports`, by its name (see docs/reports.md). */
  collect?: Readonly<Record<string, ReportOptions['collect']>>;
  /**
   * Where every channel's deduplication and groups keep what replicas share (a
   * `RedisNoiseStore` of `@tocsin/redis`): `addChannel`'s `noiseStore` for each entry built.
   * Over `alerts.shared`'s, when the file has one.
   * @default `alerts.shared`'s store, else none: each entry's own state, in this process
   */
  noiseStore?: NoiseStore;
}

/**
 * Build an AlertManager from a config: a loaded `TocsinConfig`, the path of a file, a
 * file's content as an object, or nothing (search from `cwd`). Each enabled channel is
 * built by its definition's `create` (from `definitions`, `channelTypes`, or the type's
 * package, imported on demand), then registered with its key, alias (`name`), level,
 * throttle, timeout and retries. With `alerts.shared`, its package's state (made here)
 * backs the throttles, every entry's dedup and groups, the silences and what is firing;
 * the manager's `close()` closes it last.
 * @throws ConfigError for a bad config, a channel package that is not installed, or
 * options a channel refuses; channels already built are closed first.
 */
export async function buildManager(
  source: string | object | undefined,
  options: FromConfigOptions = {},
): Promise<AlertManager> {
  const { retry, latencyWindow, clock } = options;
  const logger = options.logger ?? defaultLogger;
  if (isTocsinConfig(source) && (options.preset !== undefined || options.overrides !== undefined)) {
    // A loaded config already has its preset and overrides applied (and its limits checked).
    throw new TypeError(
      '`preset` and `overrides` apply while loading: pass them to loadConfig(), or give fromConfig a path',
    );
  }
  const config = isTocsinConfig(source) ? source : await loadConfig(source, options);
  const definitions = configDefinitions(config) ?? new Map<string, AnyChannelDefinition>();
  // A rule given in code (it may be a function) wins over the file's list.
  const fingerprint = options.fingerprint ?? config.fingerprint;
  const monitoring = options.monitoring ?? config.monitoring;
  const deadLetters = options.deadLetters ?? config.deadLetters;
  const spool = options.spool ?? config.spool;
  const secrets = configSecrets(config);

  const built: Array<{ channel: Channel; config: ChannelConfig }> = [];
  const issues: ConfigIssue[] = [];
  for (const channel of Object.values(config.channels)) {
    if (!channel.enabled) continue;
    try {
      const instance = await buildChannel(channel, config, definitions.get(channel.type));
      built.push({ channel: instance, config: channel });
    } catch (error) {
      issues.push(...toIssues(error, channel, secrets));
    }
  }
  if (issues.length > 0) {
    await Promise.allSettled(built.map(({ channel }) => channel.close?.()));
    throw new ConfigError('Cannot build the channels', {
      ...(config.file ? { file: config.file } : {}),
      issues,
    });
  }

  // Made once the channels are: a config error leaves no connection open.
  let state: SharedState | undefined;
  if (config.shared !== undefined) {
    try {
      state = await createSharedState(config.shared, {
        file: config.file,
        resolveTimeout: config.resolveTimeout ?? DEFAULTS.resolveTimeout,
        logger,
        clock,
        secrets,
      });
    } catch (error) {
      await Promise.allSettled(built.map(({ channel }) => channel.close?.()));
      throw error;
    }
  }
  // Stores given in code win over the file's.
  const lifecycleStore = {
    ...(state === undefined ? {} : { silences: state.silences, incidents: state.incidents }),
    ...options.store,
  };
  const noiseStore = options.noiseStore ?? state?.noiseStore;

  let manager: AlertManager;
  try {
    manager = new AlertManager({
      logger,
      defaults: config.defaults,
      ...(fingerprint === undefined ? {} : { fingerprint }),
      ...(monitoring === undefined ? {} : { monitoring }),
      silences: config.silences,
      inhibitRules: config.inhibitRules,
      timeIntervals: config.timeIntervals,
      ...(config.resolveTimeout === undefined ? {} : { resolveTimeout: config.resolveTimeout }),
      ...(deadLetters === undefined ? {} : { deadLetters }),
      ...(spool === undefined ? {} : { spool }),
      ...(retry === undefined ? {} : { retry }),
      ...(latencyWindow === undefined ? {} : { latencyWindow }),
      ...(clock === undefined ? {} : { clock }),
      ...(Object.keys(lifecycleStore).length === 0 ? {} : { store: lifecycleStore }),
    });
  } catch (error) {
    await state?.close();
    await Promise.allSettled(built.map(({ channel }) => channel.close?.()));
    throw error;
  }
  if (state !== undefined) closeStateAfter(manager, state, logger);
  let shared: AlertThrottle | Throttle | undefined;
  const throttles = new Map<string, AlertThrottle | Throttle | undefined>();
  for (const { config: entry } of built) {
    let throttle: AlertThrottle | Throttle | undefined;
    if (entry.throttle === 'shared') {
      const settings = config.throttle === false ? {} : config.throttle;
      if (state !== undefined) {
        // Resolving made sure `alerts.throttle` is a bucket when a channel shares it.
        const { rate, per, burst } = config.throttle === false ? DEFAULT_BUCKET : config.throttle;
        shared ??= state.throttle({ channel: undefined, rate, per, burst });
      }
      shared ??= new AlertThrottle({
        ...pickBucket(settings),
        logger,
        source: 'alerts.throttle',
        ...(clock ? { clock } : {}),
      });
      throttle = shared;
    } else if (entry.throttle !== false && state !== undefined) {
      throttle = state.throttle({ channel: entry.key, ...entry.throttle });
    } else if (entry.throttle !== false) {
      throttle = new AlertThrottle({
        ...entry.throttle,
        logger,
        source: `${entry.path}.throttle`,
        ...(clock ? { clock } : {}),
      });
    }
    throttles.set(entry.key, throttle);
  }
  const routed = config.routes === undefined ? undefined : compileRoutes(config.routes.root);
  const store: Pick<AddChannelOptions, 'noiseStore'> =
    noiseStore === undefined ? {} : { noiseStore };
  for (const { channel, config: entry } of built) {
    // With routes, a channel's own entry takes only what is sent to it by name (pages,
    // monitoring-marked alerts, `send(alert, { channel })`); routes make the others.
    manager.addChannel(channel, {
      ...entryOptions(entry, throttles.get(entry.key)),
      ...(routed === undefined ? {} : { when: NO_ALERT }),
      ...store,
    });
  }
  for (const route of routed ?? []) {
    const found = built.find((item) => item.config.key === route.channel);
    if (found === undefined) continue;
    manager.addChannel(found.channel, {
      ...routeEntryOptions(route, found.config, throttles.get(route.channel)),
      ...store,
    });
  }
  // After the channels: a heartbeat's clock starts now, and its alert has somewhere to go.
  for (const [name, heartbeat] of Object.entries(config.heartbeats ?? {}))
    manager.heartbeat(name, heartbeat);
  for (const [name, report] of Object.entries(config.reports ?? {})) {
    const collect = options.collect?.[name];
    manager.scheduleReport({ ...report, name, ...(collect === undefined ? {} : { collect }) });
  }
  if (config.closeOnSignals !== undefined) manager.closeOnSignals(config.closeOnSignals);
  return manager;
}

/** The options of a channel's own entry. */
function entryOptions(
  entry: ChannelConfig,
  throttle: AlertThrottle | Throttle | undefined,
): AddChannelOptions {
  return {
    key: entry.key,
    ...(entry.name === undefined ? {} : { alias: entry.name }),
    minLevel: entry.minLevel,
    ...(entry.matchers === undefined ? {} : { matchers: entry.matchers }),
    muteTimeIntervals: entry.muteTimeIntervals,
    activeTimeIntervals: entry.activeTimeIntervals,
    ...(throttle === undefined ? {} : { throttle }),
    timeout: entry.timeout,
    maxRetries: entry.maxRetries,
    ...(entry.circuitBreaker === undefined ? {} : { circuitBreaker: entry.circuitBreaker }),
    ...(entry.fallback.length === 0 ? {} : { fallback: entry.fallback }),
    ...(entry.fallbackOnly ? { fallbackOnly: true } : {}),
    ...(entry.optional ? { optional: true } : {}),
    ...entry.noise,
  };
}

/**
 * A (route, channel) entry: keyed `<channel>@<route>`, with no alias (a send by name goes
 * to the channel's own entry only). The channel's level, matchers, bucket (shared with its
 * other entries: it guards the remote), timeout and retries hold; the route's grouping,
 * repeat interval and time intervals replace the channel's own when the route has them.
 */
function routeEntryOptions(
  route: RouteEntry,
  entry: ChannelConfig,
  throttle: AlertThrottle | Throttle | undefined,
): AddChannelOptions {
  const { group, repeatInterval, muteTimeIntervals, activeTimeIntervals } = route.settings;
  const { alias: _alias, group: ownGroup, burst, ...own } = entryOptions(entry, throttle);
  const grouping =
    group === false
      ? {}
      : group === undefined
        ? { ...(ownGroup ? { group: ownGroup } : {}), ...(burst ? { burst } : {}) }
        : { group };
  return {
    ...own,
    ...grouping,
    key: route.key,
    ...(route.when === undefined ? {} : { when: route.when }),
    ...(repeatInterval === undefined ? {} : { repeatInterval }),
    ...(muteTimeIntervals === undefined ? {} : { muteTimeIntervals }),
    ...(activeTimeIntervals === undefined ? {} : { activeTimeIntervals }),
  };
}

const NO_ALERT = () => false;

const DEFAULT_BUCKET = { ...DEFAULTS.throttle, burst: DEFAULTS.throttle.rate };

/**
 * The manager's `close()`, then the shared state's: the digests and RESOLVED notices a
 * close sends still go through the stores. The manager knows nothing of the state (it
 * only took its stores), so its `close` is wrapped here, on this instance.
 */
function closeStateAfter(manager: AlertManager, state: SharedState, logger: Logger): void {
  const closeManager = manager.close.bind(manager);
  const closeState = () =>
    state
      .close()
      .catch((error: unknown) =>
        logger.warn(`closing the shared state failed: ${redact(firstLine(error))}`),
      );
  let closing: Promise<void> | undefined;
  manager.close = (options) => {
    closing ??= closeManager(options).then(closeState, async (error: unknown) => {
      await closeState();
      throw error;
    });
    return closing;
  };
}

class ChannelBuildError extends Error {
  constructor(
    readonly issues: ConfigIssue[],
    options?: { cause?: unknown },
  ) {
    super('channel build failed', options);
  }
}

async function buildChannel(
  channel: ChannelConfig,
  config: TocsinConfig,
  definition: AnyChannelDefinition | undefined,
): Promise<Channel> {
  if (definition === undefined) {
    throw new ChannelBuildError([
      {
        path: `${channel.path}.type`,
        message: `no definition for channel type "${channel.type}": pass it with \`definitions\``,
      },
    ]);
  }
  const made = await definition.create(
    { ...channel.options },
    { key: channel.key, config: channel, file: config.file },
  );
  return checkChannel(made, channel);
}

function checkChannel(channel: unknown, config: ChannelConfig): Channel {
  const candidate = channel as Channel | undefined;
  if (
    typeof candidate?.send !== 'function' ||
    typeof candidate.name !== 'string' ||
    candidate.name === ''
  ) {
    throw new ChannelBuildError([
      {
        path: config.path,
        message:
          'the definition or factory did not return a Channel (a `name` and a `send(alert, context)` method)',
      },
    ]);
  }
  return candidate;
}

function toIssues(
  error: unknown,
  channel: ChannelConfig,
  secrets: readonly string[],
): ConfigIssue[] {
  const issues =
    error instanceof ChannelBuildError
      ? error.issues
      : [{ path: channel.path, message: fileSpelling(firstLine(error)) }];
  return issues.map((issue) => ({ path: issue.path, message: redact(issue.message, secrets) }));
}

function firstLine(error: unknown): string {
  return (String((error as Error)?.message ?? error).split('\n')[0] ?? '').slice(0, 300);
}

function pickBucket(settings: { rate?: number; per?: number; burst?: number }): {
  rate?: number;
  per?: number;
  burst?: number;
} {
  const out: { rate?: number; per?: number; burst?: number } = {};
  if (settings.rate !== undefined) out.rate = settings.rate;
  if (settings.per !== undefined) out.per = settings.per;
  if (settings.burst !== undefined) out.burst = settings.burst;
  return out;
}
