import { parseAlertLevel } from '../alert-level.js';
import type { HeartbeatOptions } from '../alert-manager-options.js';
import { MemoryIncidentStore } from '../lifecycle/firing.js';
import { readHeartbeatSpec } from '../lifecycle/heartbeats-spec.js';
import { Inhibitions, type InhibitRule } from '../lifecycle/inhibition.js';
import { MemorySilenceStore, type SilenceInput, Silences } from '../lifecycle/silences.js';
import { TimeInterval, type TimeIntervals } from '../lifecycle/time-intervals.js';
import { formatPath } from './config-path.js';
import type { ConfigFile } from './config-schema.js';
import { parseDuration } from './duration.js';
import { fileSpelling } from './file-options.js';
import type { ResolveContext } from './resolve-config.js';
import type { ChannelConfig } from './tocsin-config.js';

type FileSilence = NonNullable<ConfigFile['alerts']['silences']>[number];

/**
 * `alerts.silences` as `manager.silence()` takes them, each checked as it will be: a silence
 * that would match every alert, or ends before it starts, is an error at its path; one that
 * has already ended is left out with a warning (an old silence kept in a file is harmless).
 */
export function resolveSilences(
  file: readonly FileSilence[],
  context: ResolveContext,
): SilenceInput[] {
  const out: SilenceInput[] = [];
  const scratch = new Silences(new MemorySilenceStore(), Date.now);
  file.forEach((silence, index) => {
    const input: SilenceInput = {
      matchers: silence.matchers,
      ...(silence.until === undefined ? {} : { until: silence.until as string | number | Date }),
      ...(silence.duration === undefined ? {} : { duration: silence.duration }),
      ...(silence.starts_at === undefined
        ? {}
        : { startsAt: silence.starts_at as string | number | Date }),
      ...(silence.comment === undefined ? {} : { comment: silence.comment }),
      ...(silence.created_by === undefined ? {} : { createdBy: silence.created_by }),
    };
    const path = formatPath(context.originOf(['silences', index]).path);
    try {
      scratch.add(input);
      out.push(input);
    } catch (error) {
      const message = (error as Error).message;
      if (message === 'a silence must end in the future')
        context.logger.warn(`${path}: the silence has ended; left out`);
      else context.issues.push({ path, message });
    }
  });
  return out;
}

type FileInhibitRule = NonNullable<ConfigFile['alerts']['inhibit_rules']>[number];

/** `alerts.inhibit_rules` as `AlertManager` takes them; the file schema has checked each matcher. */
export function resolveInhibitRules(
  file: readonly FileInhibitRule[],
  context: ResolveContext,
): InhibitRule[] {
  const rules = file.map((rule) => ({
    sourceMatchers: rule.source_matchers,
    targetMatchers: rule.target_matchers,
    ...(rule.equal === undefined ? {} : { equal: rule.equal }),
  }));
  rules.forEach((rule, index) => {
    try {
      new Inhibitions([rule], new MemoryIncidentStore(1, 1));
    } catch (error) {
      context.issues.push({
        path: formatPath(context.originOf(['inhibit_rules', index]).path),
        message: fileSpelling((error as Error).message.replace(/^inhibit rule 0: /, '')),
      });
    }
  });
  return rules;
}

type FileTimeIntervals = NonNullable<ConfigFile['alerts']['time_intervals']>;

/**
 * `alerts.time_intervals` by name, in `AlertManager`'s spelling, each checked (a bad time
 * zone or range is an error at its path), and every name a channel uses defined.
 */
export function resolveTimeIntervals(
  file: FileTimeIntervals,
  channels: Readonly<Record<string, ChannelConfig>>,
  context: ResolveContext,
): TimeIntervals {
  const out: Record<string, TimeIntervals[string]> = {};
  file.forEach((named, index) => {
    const path = formatPath(context.originOf(['time_intervals', index]).path);
    if (Object.hasOwn(out, named.name)) {
      context.issues.push({ path: `${path}.name`, message: `"${named.name}" is defined twice` });
      return;
    }
    const specs = named.time_intervals.map((spec) => ({
      ...(spec.times === undefined
        ? {}
        : { times: spec.times.map((t) => ({ startTime: t.start_time, endTime: t.end_time })) }),
      ...(spec.weekdays === undefined ? {} : { weekdays: spec.weekdays }),
      ...(spec.days_of_month === undefined ? {} : { daysOfMonth: spec.days_of_month }),
      ...(spec.months === undefined ? {} : { months: spec.months }),
      ...(spec.years === undefined ? {} : { years: spec.years }),
      ...(spec.location === undefined ? {} : { location: spec.location }),
    }));
    try {
      new TimeInterval(named.name, specs);
      out[named.name] = specs;
    } catch (error) {
      context.issues.push({ path, message: fileSpelling((error as Error).message) });
    }
  });
  for (const channel of Object.values(channels)) {
    for (const [key, names] of [
      ['mute_time_intervals', channel.muteTimeIntervals],
      ['active_time_intervals', channel.activeTimeIntervals],
    ] as const) {
      const missing = names.filter((name) => !Object.hasOwn(out, name));
      if (missing.length > 0 && file.every((named) => !missing.includes(named.name)))
        context.issues.push({
          path: formatPath(context.originOf(['channels', channel.key, key]).path),
          message: `no time interval named ${missing.map((name) => JSON.stringify(name)).join(', ')} in alerts.time_intervals${Object.keys(out).length > 0 ? ` (defined: ${Object.keys(out).join(', ')})` : ''}`,
        });
    }
  }
  return out;
}

type FileHeartbeats = NonNullable<ConfigFile['alerts']['heartbeats']>;

/**
 * `alerts.heartbeats` in `manager.heartbeat()`'s spelling (durations as seconds, levels as
 * numbers), each checked as the manager will: a bad cron expression or time zone, or not
 * exactly one of `every` and `cron`, is an error at the heartbeat's path.
 */
export function resolveHeartbeats(
  file: FileHeartbeats,
  context: ResolveContext,
): Record<string, HeartbeatOptions> {
  // No prototype: a heartbeat called `__proto__` is one like any other.
  const out: Record<string, HeartbeatOptions> = Object.create(null);
  for (const [name, heartbeat] of Object.entries(file)) {
    const options: HeartbeatOptions = {
      ...(heartbeat.every === undefined ? {} : { every: parseDuration(heartbeat.every) as number }),
      ...(heartbeat.cron === undefined ? {} : { cron: heartbeat.cron }),
      ...(heartbeat.timezone === undefined ? {} : { timezone: heartbeat.timezone }),
      ...(heartbeat.grace === undefined ? {} : { grace: parseDuration(heartbeat.grace) as number }),
      ...(heartbeat.level === undefined
        ? {}
        : { level: parseAlertLevel(heartbeat.level, 'level') }),
      ...(heartbeat.labels === undefined ? {} : { labels: heartbeat.labels }),
      ...(heartbeat.title === undefined ? {} : { title: heartbeat.title }),
    };
    try {
      readHeartbeatSpec(name, options);
      out[name] = options;
    } catch (error) {
      context.issues.push({
        path: formatPath(context.originOf(['heartbeats', name]).path),
        message: fileSpelling((error as Error).message.replace(/^heartbeat "[^"]*": /, '')),
      });
    }
  }
  return out;
}
