import type { AlertLevel } from './alert-level.js';
import { parseAlertLevel } from './alert-level.js';
import type { AddChannelOptions, BurstOptions, GroupOptions } from './alert-manager-options.js';
import { parseDuration } from './config/duration.js';
import { checkFingerprintRule, type FingerprintRule } from './fingerprint.js';
import { type BatchPolicy, burstPolicy, groupPolicy } from './grouping/batch-policy.js';
import { applyLimit, DEFAULTS, type LimitContext, type LimitName } from './limits.js';
import type { NoiseStore } from './stages/noise-store.js';

/** An entry's noise control, read from its options, limits applied, durations in ms. */
export interface NoiseSettings {
  readonly fingerprint: FingerprintRule | undefined;
  /** Infinity for `'never'` and `'until-resolved'`; undefined for no deduplication. */
  readonly repeatMs: number | undefined;
  /** `'until-resolved'`: an incident also ends when its fingerprint goes quiet. */
  readonly untilResolved: boolean;
  readonly batching: BatchingSettings | undefined;
  /** Where dedup and groups keep what replicas share; undefined: in the entry's own stages. */
  readonly store: NoiseStore | undefined;
}

/** The pager window, limits applied. */
export interface PagerWindow {
  readonly limit: number;
  readonly flushes: number;
  readonly channel: string;
}

export interface BatchingSettings {
  readonly policy: BatchPolicy;
  /** Burst buffer (AlpineBits) rather than a group (Alertmanager): titles its digests so. */
  readonly burst: boolean;
  readonly by: readonly string[];
  readonly countBy: string;
  readonly bypassLevel: AlertLevel | undefined;
  readonly pager: PagerWindow | undefined;
}

/**
 * Read `fingerprint`, `repeatInterval`, `group` and `burst` of `addChannel` options.
 * @throws TypeError naming the option when one has the wrong shape.
 */
export function readNoiseOptions(options: AddChannelOptions, context: LimitContext): NoiseSettings {
  const { group, burst } = options;
  if (group !== undefined && burst !== undefined)
    throw new TypeError(
      '`group` and `burst` cannot both be set on one entry: choose grouping or the burst buffer',
    );
  return {
    fingerprint: checkFingerprintRule(options.fingerprint, 'fingerprint'),
    repeatMs: readRepeat(options.repeatInterval, context),
    untilResolved: options.repeatInterval === 'until-resolved',
    batching:
      group !== undefined
        ? readGroup(group, context)
        : burst !== undefined
          ? readBurst(burst, context)
          : undefined,
    store: readStore(options.noiseStore),
  };
}

function readStore(store: AddChannelOptions['noiseStore']): NoiseStore | undefined {
  if (store === undefined) return undefined;
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof store.claim !== 'function' ||
    typeof store.take !== 'function'
  )
    throw new TypeError('`noiseStore` must be a NoiseStore (claim, release, forget, add, take)');
  return store;
}

function readRepeat(value: AddChannelOptions['repeatInterval'], context: LimitContext) {
  if (value === undefined) return undefined;
  if (value === 'never' || value === 'until-resolved') return Number.POSITIVE_INFINITY;
  return seconds('repeatInterval', value, 'repeatInterval', context) * 1000;
}

function readGroup(group: GroupOptions, context: LimitContext): BatchingSettings {
  assertObject(group, 'group');
  const d = DEFAULTS.group;
  const maxWait = group.maxWait;
  return {
    policy: groupPolicy({
      waitMs: seconds('groupWait', group.wait ?? d.wait, 'group.wait', context) * 1000,
      intervalMs:
        seconds('groupInterval', group.interval ?? d.interval, 'group.interval', context) * 1000,
      maxWaitMs:
        maxWait === undefined
          ? Number.POSITIVE_INFINITY
          : seconds('groupMaxWait', maxWait, 'group.maxWait', context) * 1000,
      maxAlerts: applyLimit('groupMaxAlerts', group.maxAlerts ?? d.maxAlerts, context),
    }),
    burst: false,
    by: labelNames(group.by, 'group.by'),
    countBy: labelName(group.countBy, 'group.countBy'),
    bypassLevel: level(group.bypassLevel, 'group.bypassLevel'),
    pager: readPager(group.pager, 'group.pager', context),
  };
}

function readBurst(burst: BurstOptions, context: LimitContext): BatchingSettings {
  assertObject(burst, 'burst');
  const d = DEFAULTS.burst;
  return {
    policy: burstPolicy({
      threshold: applyLimit('burstThreshold', burst.threshold ?? d.threshold, context),
      bufferMs: seconds('burstBuffer', burst.buffer ?? d.buffer, 'burst.buffer', context) * 1000,
      cooldownMs:
        seconds('burstCooldown', burst.cooldown ?? d.cooldown, 'burst.cooldown', context) * 1000,
    }),
    burst: true,
    by: [],
    countBy: labelName(burst.countBy, 'burst.countBy'),
    bypassLevel: level(burst.bypassLevel, 'burst.bypassLevel'),
    pager: readPager(burst.pager, 'burst.pager', context),
  };
}

function readPager(
  pager: GroupOptions['pager'],
  option: string,
  context: LimitContext,
): PagerWindow | undefined {
  if (pager === undefined) return undefined;
  assertObject(pager, option);
  if (typeof pager.channel !== 'string' || pager.channel === '')
    throw new TypeError(`\`${option}.channel\` must name the entry that gets the page`);
  return {
    limit: applyLimit('pagerLimit', pager.limit, context),
    flushes: applyLimit('pagerFlushes', pager.flushes ?? 3, context),
    channel: pager.channel,
  };
}

/** A duration in seconds, hard limits applied. */
export function seconds(
  name: LimitName,
  value: unknown,
  option: string,
  context: LimitContext,
): number {
  const parsed = parseDuration(value);
  if (parsed === undefined)
    throw new TypeError(
      `\`${option}\` must be seconds as a number or a duration such as "30s", "5m", "4h"; got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`,
    );
  return applyLimit(name, parsed, context);
}

function assertObject(value: unknown, option: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`\`${option}\` must be an object of options`);
}

function labelNames(value: unknown, option: string): readonly string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((name) => typeof name === 'string' && name !== ''))
    return Object.freeze([...new Set(value as string[])]);
  throw new TypeError(`\`${option}\` must be a list of label names`);
}

function labelName(value: unknown, option: string): string {
  if (value === undefined) return DEFAULTS.group.countBy;
  if (typeof value === 'string' && value !== '') return value;
  throw new TypeError(`\`${option}\` must be a label name`);
}

function level(value: GroupOptions['bypassLevel'], option: string): AlertLevel | undefined {
  return value === undefined ? undefined : parseAlertLevel(value, option);
}
