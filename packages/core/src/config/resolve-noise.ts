import { parseAlertLevel } from '../alert-level.js';
import type { BurstOptions, GroupOptions } from '../alert-manager-options.js';
import type { LimitName } from '../limits.js';
import type { AlertConditionsOptions } from '../stages/conditions-options.js';
import { formatPath, type PathSegment } from './config-path.js';
import { parseDuration } from './duration.js';
import type { ResolveContext } from './resolve-config.js';
import type { ChannelNoise } from './tocsin-config.js';

type Limit = (name: LimitName, value: unknown, path: PathSegment[]) => number;
type Raw = Record<string, unknown>;

/**
 * An instance's `fingerprint`, `repeat_interval`, `group`, `burst`, `send_resolved` and
 * `auto_resolve`, from the validated file form to `addChannel`'s spelling: durations in
 * seconds and numbers, hard limits applied here so the warning names the path in the file.
 */
export function resolveNoise(
  instance: Raw,
  at: PathSegment[],
  limit: Limit,
  context: Pick<ResolveContext, 'issues' | 'originOf'>,
): ChannelNoise {
  const noise: {
    -readonly [K in keyof ChannelNoise]: ChannelNoise[K];
  } = {};
  if (instance.fingerprint !== undefined) noise.fingerprint = instance.fingerprint as string[];
  const repeat = instance.repeat_interval;
  if (repeat !== undefined)
    noise.repeatInterval =
      repeat === 'never' || repeat === 'until-resolved'
        ? repeat
        : limit('repeatInterval', parseDuration(repeat), [...at, 'repeat_interval']);
  if (instance.send_resolved !== undefined) noise.sendResolved = instance.send_resolved as boolean;
  if (instance.auto_resolve !== undefined)
    noise.autoResolve = seconds(
      'autoResolve',
      instance.auto_resolve,
      [...at, 'auto_resolve'],
      limit,
    );
  const group = instance.group as Raw | undefined;
  const burst = instance.burst as Raw | undefined;
  if (group !== undefined && burst !== undefined) {
    context.issues.push({
      path: formatPath(context.originOf([...at, 'burst']).path),
      message: '`group` and `burst` cannot both be set on one channel: choose one',
    });
  }
  const conditions = instance.conditions as Raw | undefined;
  if (conditions !== undefined) {
    if (conditions.new !== true && !conditions.regression && conditions.frequency === undefined)
      context.issues.push({
        path: formatPath(context.originOf([...at, 'conditions']).path),
        message: 'asks for no condition: set `new: true`, `regression` or `frequency`',
      });
    noise.conditions = resolveConditions(conditions, [...at, 'conditions'], limit);
  }
  if (group !== undefined) noise.group = resolveGroup(group, [...at, 'group'], limit);
  else if (burst !== undefined) noise.burst = resolveBurst(burst, [...at, 'burst'], limit);
  return noise;
}

function resolveConditions(raw: Raw, at: PathSegment[], limit: Limit): AlertConditionsOptions {
  const conditions: AlertConditionsOptions = {};
  if (raw.new !== undefined) conditions.new = raw.new as boolean;
  const regression = raw.regression as boolean | Raw | undefined;
  if (typeof regression === 'boolean') conditions.regression = regression;
  else if (regression !== undefined)
    conditions.regression =
      regression.quiet === undefined
        ? {}
        : {
            quiet: seconds(
              'conditionQuiet',
              regression.quiet,
              [...at, 'regression', 'quiet'],
              limit,
            ),
          };
  const frequency = raw.frequency as Raw | undefined;
  if (frequency !== undefined)
    conditions.frequency = {
      count: limit('conditionCount', Number(frequency.count), [...at, 'frequency', 'count']),
      window: seconds('conditionWindow', frequency.window, [...at, 'frequency', 'window'], limit),
    };
  if (raw.max_fingerprints !== undefined)
    conditions.maxFingerprints = limit('conditionFingerprints', Number(raw.max_fingerprints), [
      ...at,
      'max_fingerprints',
    ]);
  return conditions;
}

function resolveGroup(raw: Raw, at: PathSegment[], limit: Limit): GroupOptions {
  const group: GroupOptions = {};
  if (raw.by !== undefined) group.by = raw.by as string[];
  if (raw.wait !== undefined) group.wait = seconds('groupWait', raw.wait, [...at, 'wait'], limit);
  if (raw.interval !== undefined)
    group.interval = seconds('groupInterval', raw.interval, [...at, 'interval'], limit);
  if (raw.max_wait !== undefined)
    group.maxWait = seconds('groupMaxWait', raw.max_wait, [...at, 'max_wait'], limit);
  if (raw.max_alerts !== undefined)
    group.maxAlerts = limit('groupMaxAlerts', Number(raw.max_alerts), [...at, 'max_alerts']);
  return withCommon(group, raw, at, limit);
}

function resolveBurst(raw: Raw, at: PathSegment[], limit: Limit): BurstOptions {
  const burst: BurstOptions = {};
  if (raw.threshold !== undefined)
    burst.threshold = limit('burstThreshold', Number(raw.threshold), [...at, 'threshold']);
  if (raw.buffer !== undefined)
    burst.buffer = seconds('burstBuffer', raw.buffer, [...at, 'buffer'], limit);
  if (raw.cooldown !== undefined)
    burst.cooldown = seconds('burstCooldown', raw.cooldown, [...at, 'cooldown'], limit);
  return withCommon(burst, raw, at, limit);
}

function withCommon<T extends GroupOptions | BurstOptions>(
  options: T,
  raw: Raw,
  at: PathSegment[],
  limit: Limit,
): T {
  if (raw.count_by !== undefined) options.countBy = raw.count_by as string;
  const pager = raw.pager as Raw | undefined;
  if (pager !== undefined) {
    options.pager = {
      limit: limit('pagerLimit', Number(pager.limit), [...at, 'pager', 'limit']),
      channel: pager.channel as string,
    };
    if (pager.flushes !== undefined)
      options.pager.flushes = limit('pagerFlushes', Number(pager.flushes), [
        ...at,
        'pager',
        'flushes',
      ]);
  }
  if (raw.bypass_level !== undefined)
    options.bypassLevel = parseAlertLevel(raw.bypass_level, 'bypass_level');
  return options;
}

function seconds(name: LimitName, value: unknown, path: PathSegment[], limit: Limit): number {
  return limit(name, parseDuration(value), path);
}
