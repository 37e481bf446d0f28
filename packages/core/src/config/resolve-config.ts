import { dirname, resolve as resolvePath } from 'node:path';
import { type AlertLevel, parseAlertLevel } from '../alert-level.js';
import type {
  CircuitBreakerOptions,
  CloseOnSignalsOptions,
  MonitoringOptions,
} from '../alert-manager-options.js';
import type { ConfigIssue } from '../errors/config-error.js';
import { applyLimit, DEFAULTS, type LimitName } from '../limits.js';
import type { Logger } from '../logger.js';
import type { FileDeadLettersOptions } from '../reliability/dead-letter-file.js';
import type { SpoolOptions } from '../reliability/spool.js';
import { resolveReports } from '../reports/reports-config.js';
import { parseMatchers } from '../routing/label-matchers.js';
import { formatPath, type PathSegment } from './config-path.js';
import type { ConfigFile } from './config-schema.js';
import type { CredentialResolver } from './credential-resolver.js';
import { parseDuration } from './duration.js';
import type { Origin } from './merge-layers.js';
import {
  resolveHeartbeats,
  resolveInhibitRules,
  resolveSilences,
  resolveTimeIntervals,
} from './resolve-lifecycle.js';
import { resolveNoise } from './resolve-noise.js';
import { resolveRoutes } from './resolve-routes.js';
import { resolveServe } from './serve-config.js';
import type { ChannelConfig, ThrottleSettings, TocsinConfig } from './tocsin-config.js';

export interface ResolveContext {
  file: string | undefined;
  preset: string | undefined;
  presets: readonly string[];
  logger: Logger;
  resolver: CredentialResolver;
  /** Where a value at this path (relative to `alerts`) came from. */
  originOf(path: readonly PathSegment[]): Origin;
  /** Each enabled channel's options (built by its definition) and secret paths, by key. */
  channelOptions: ReadonlyMap<
    string,
    { options: Record<string, unknown>; secrets: readonly string[] }
  >;
  issues: ConfigIssue[];
}

type Alerts = ConfigFile['alerts'];
type Instance = Record<string, unknown>;

/**
 * From the validated file form to the loaded config: durations to seconds, levels to
 * numbers, defaults filled in, the hard limits applied (clamped, with a warning naming the
 * path and the file), per-channel buckets settled and `credentials` looked up.
 */
export async function resolveConfig(
  alerts: Alerts,
  context: ResolveContext,
): Promise<TocsinConfig> {
  const limit = (name: LimitName, value: unknown, path: PathSegment[], max?: number) =>
    applyLimit(name, value, {
      source: describeOrigin(context.originOf(path)),
      logger: context.logger,
      ...(max === undefined ? {} : { max }),
    });

  const rawThrottle = alerts.throttle;
  let throttle: TocsinConfig['throttle'];
  if (rawThrottle === false) {
    throttle = false;
  } else {
    const settings = bucket(rawThrottle ?? {}, ['throttle'], DEFAULTS.throttle, limit);
    throttle = { ...settings, shared: bool(rawThrottle?.shared) ?? false };
  }

  const channelsFile = (alerts.channels ?? {}) as Record<string, unknown>;
  const defaults = {
    timeout:
      channelsFile.timeout === undefined
        ? DEFAULTS.timeout
        : limit('timeout', parseDuration(channelsFile.timeout), ['channels', 'timeout']),
    maxRetries:
      channelsFile.max_retries === undefined
        ? DEFAULTS.maxRetries
        : limit('maxRetries', num(channelsFile.max_retries), ['channels', 'max_retries']),
  };

  const channels: Record<string, ChannelConfig> = {};
  for (const [key, value] of Object.entries(channelsFile)) {
    if (key === 'timeout' || key === 'max_retries') continue;
    const instance = value as Instance;
    const at: PathSegment[] = ['channels', key];
    const type = String(instance.type);
    const name = typeof instance.name === 'string' ? instance.name : undefined;
    const built = context.channelOptions.get(key);
    let channelThrottle: ChannelConfig['throttle'];
    const own = instance.throttle as Record<string, unknown> | 'shared' | false | undefined;
    if (own === undefined) {
      channelThrottle = throttle === false ? false : throttle.shared ? 'shared' : pick(throttle);
    } else if (own === 'shared') {
      if (throttle === false) {
        context.issues.push({
          path: formatPath(context.originOf([...at, 'throttle']).path),
          message: '"shared" needs a bucket to share, but `alerts.throttle` is false',
        });
      }
      channelThrottle = 'shared';
    } else if (own === false) {
      channelThrottle = false;
    } else {
      const base = throttle === false ? { ...DEFAULTS.throttle, burst: undefined } : throttle;
      channelThrottle = bucket(own, [...at, 'throttle'], base, limit);
    }
    channels[key] = {
      key,
      type,
      name,
      enabled: bool(instance.enabled) ?? true,
      minLevel:
        instance.min_level === undefined
          ? (10 as AlertLevel)
          : parseAlertLevel(instance.min_level, 'min_level'),
      matchers:
        instance.matchers === undefined
          ? undefined
          : parseMatchers(instance.matchers as string | string[]),
      muteTimeIntervals: (instance.mute_time_intervals as string[] | undefined) ?? [],
      activeTimeIntervals: (instance.active_time_intervals as string[] | undefined) ?? [],
      circuitBreaker: resolveBreaker(instance.circuit_breaker, [...at, 'circuit_breaker'], limit),
      fallback:
        instance.fallback === undefined
          ? []
          : typeof instance.fallback === 'string'
            ? [instance.fallback]
            : [...(instance.fallback as string[])],
      fallbackOnly: bool(instance.fallback_only) ?? false,
      optional: bool(instance.optional) ?? false,
      throttle: channelThrottle,
      timeout:
        instance.timeout === undefined
          ? defaults.timeout
          : limit('timeout', parseDuration(instance.timeout), [...at, 'timeout']),
      maxRetries:
        instance.max_retries === undefined
          ? defaults.maxRetries
          : limit('maxRetries', num(instance.max_retries), [...at, 'max_retries']),
      noise: resolveNoise(instance, at, limit, context),
      options: built?.options ?? {},
      secretPaths: built?.secrets ?? [],
      path: formatPath(context.originOf(at).path),
    };
  }

  checkTargets(channels, alerts.monitoring?.channel, context);
  const timeIntervals = resolveTimeIntervals(alerts.time_intervals ?? [], channels, context);
  return {
    file: context.file,
    preset: context.preset,
    presets: context.presets,
    throttle,
    fingerprint: alerts.fingerprint,
    monitoring: alerts.monitoring as MonitoringOptions | undefined,
    silences: resolveSilences(alerts.silences ?? [], context),
    inhibitRules: resolveInhibitRules(alerts.inhibit_rules ?? [], context),
    timeIntervals,
    routes: resolveRoutes(alerts, channels, timeIntervals, limit, context),
    heartbeats: resolveHeartbeats(alerts.heartbeats ?? {}, context),
    reports: resolveReports(alerts.reports ?? {}, channels, context),
    deadLetters: resolveDeadLetters(alerts.dead_letters, limit, context),
    spool: resolveSpool(alerts.spool, limit, context),
    closeOnSignals: resolveCloseOnSignals(alerts.close_on_signals, limit),
    serve: resolveServe(alerts.serve, limit),
    resolveTimeout:
      alerts.resolve_timeout === undefined
        ? undefined
        : limit('resolveTimeout', parseDuration(alerts.resolve_timeout), ['resolve_timeout']),
    defaults,
    channels,
  };
}

/**
 * The channels that pages and monitoring-marked alerts go to must exist (by key or
 * `name`): a typo would otherwise show only when the first page is lost. One that a
 * preset disabled is allowed, with a warning (the page or marked alert will not go out).
 */
/** `dead_letters` in `AlertManager`'s spelling: the folder against the file's, limits applied. */
function resolveDeadLetters(
  given: { dir: string; max_file_bytes?: unknown; max_files?: unknown } | false | undefined,
  limit: (name: LimitName, value: unknown, path: PathSegment[]) => number,
  context: ResolveContext,
): FileDeadLettersOptions | undefined {
  if (given === undefined || given === false) return undefined;
  const base = context.file === undefined ? process.cwd() : dirname(context.file);
  return {
    dir: resolvePath(base, given.dir),
    ...(given.max_file_bytes === undefined
      ? {}
      : {
          maxFileBytes: limit('deadLetterFileBytes', num(given.max_file_bytes), [
            'dead_letters',
            'max_file_bytes',
          ]),
        }),
    ...(given.max_files === undefined
      ? {}
      : {
          maxFiles: limit('deadLetterFiles', num(given.max_files), ['dead_letters', 'max_files']),
        }),
  };
}

/** `close_on_signals` in `closeOnSignals`'s spelling; undefined when off. */
function resolveCloseOnSignals(
  given: boolean | { timeout?: unknown; signals?: NodeJS.Signals[] | undefined } | undefined,
  limit: (name: LimitName, value: unknown, path: PathSegment[]) => number,
): CloseOnSignalsOptions | undefined {
  if (given === undefined || given === false) return undefined;
  if (given === true) return {};
  return {
    ...(given.timeout === undefined
      ? {}
      : {
          timeout: limit('timeout', parseDuration(given.timeout), ['close_on_signals', 'timeout']),
        }),
    ...(given.signals === undefined ? {} : { signals: given.signals }),
  };
}

/** `spool` in `AlertManager`'s spelling: the folder against the file's, limits applied. */
function resolveSpool(
  given:
    | {
        dir: string;
        sync?: 'batched' | 'always' | undefined;
        sync_interval?: unknown;
        max_file_bytes?: unknown;
        max_alerts?: unknown;
      }
    | false
    | undefined,
  limit: (name: LimitName, value: unknown, path: PathSegment[]) => number,
  context: ResolveContext,
): SpoolOptions | undefined {
  if (given === undefined || given === false) return undefined;
  const base = context.file === undefined ? process.cwd() : dirname(context.file);
  const spool: SpoolOptions = { dir: resolvePath(base, given.dir) };
  if (given.sync !== undefined) spool.sync = given.sync;
  if (given.sync_interval !== undefined)
    spool.syncInterval = limit('spoolSyncInterval', parseDuration(given.sync_interval), [
      'spool',
      'sync_interval',
    ]);
  if (given.max_file_bytes !== undefined)
    spool.maxFileBytes = limit('spoolFileBytes', num(given.max_file_bytes), [
      'spool',
      'max_file_bytes',
    ]);
  if (given.max_alerts !== undefined)
    spool.maxAlerts = limit('spoolAlerts', num(given.max_alerts), ['spool', 'max_alerts']);
  return spool;
}

function checkTargets(
  channels: Readonly<Record<string, ChannelConfig>>,
  monitoring: string | undefined,
  context: ResolveContext,
): void {
  const targets: Array<[PathSegment[], string]> = [];
  if (monitoring !== undefined) targets.push([['monitoring', 'channel'], monitoring]);
  for (const [key, channel] of Object.entries(channels)) {
    const { group, burst } = channel.noise;
    const kind = group === undefined ? 'burst' : 'group';
    const pager = (group ?? burst)?.pager;
    if (pager !== undefined)
      targets.push([['channels', key, kind, 'pager', 'channel'], pager.channel]);
    for (const name of channel.fallback) targets.push([['channels', key, 'fallback'], name]);
  }
  const all = Object.values(channels);
  for (const [path, name] of targets) {
    const found = all.filter((c) => c.key === name || c.name === name);
    const where = formatPath(context.originOf(path).path);
    if (found.length === 0)
      context.issues.push({
        path: where,
        message: `no channel is called "${name}" (channels: ${Object.keys(channels).join(', ') || 'none'})`,
      });
    else if (found.every((c) => !c.enabled))
      context.logger.warn(
        `${where} names "${name}", which is disabled${context.preset === undefined ? '' : ` in preset "${context.preset}"`}: what it would receive is not sent`,
      );
  }
}

function bucket(
  raw: Record<string, unknown>,
  at: PathSegment[],
  base: { rate: number; per: number; burst?: number | undefined },
  limit: (name: LimitName, value: unknown, path: PathSegment[], max?: number) => number,
): ThrottleSettings {
  const rate = raw.rate === undefined ? base.rate : limit('rate', num(raw.rate), [...at, 'rate']);
  const per =
    raw.per === undefined ? base.per : limit('per', parseDuration(raw.per), [...at, 'per']);
  // burst: as given; else the bucket's own rate when it sets one; else the base's burst.
  let burst: number;
  if (raw.burst !== undefined) burst = limit('burst', num(raw.burst), [...at, 'burst'], rate);
  else burst = raw.rate === undefined ? Math.min(base.burst ?? rate, rate) : rate;
  return { rate, per, burst };
}

function pick(throttle: ThrottleSettings): ThrottleSettings {
  return { rate: throttle.rate, per: throttle.per, burst: throttle.burst };
}

function describeOrigin(origin: Origin): string {
  return `${formatPath(origin.path)} in ${origin.source}`;
}

/** `'30'` -> 30; numbers as they are. */
function num(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : Number(value);
}

/** `'true'` -> true; booleans as they are. */
export function bool(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? value : value === 'true';
}

/** `circuit_breaker` in `addChannel`'s spelling: `true` is the defaults; limits applied here. */
function resolveBreaker(
  raw: unknown,
  at: PathSegment[],
  limit: (name: LimitName, value: unknown, path: PathSegment[]) => number,
): CircuitBreakerOptions | undefined {
  if (raw === undefined || raw === false) return undefined;
  const d = DEFAULTS.circuitBreaker;
  const given = (raw === true ? {} : raw) as Record<string, unknown>;
  return {
    failureThreshold: limit('breakerFailures', num(given.failure_threshold ?? d.failureThreshold), [
      ...at,
      'failure_threshold',
    ]),
    recoveryTimeout: limit(
      'breakerRecovery',
      parseDuration(given.recovery_timeout ?? d.recoveryTimeout),
      [...at, 'recovery_timeout'],
    ),
    successThreshold: limit(
      'breakerSuccesses',
      num(given.success_threshold ?? d.successThreshold),
      [...at, 'success_threshold'],
    ),
  };
}
