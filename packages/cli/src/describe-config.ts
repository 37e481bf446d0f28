import {
  alertLevelName,
  type ChannelConfig,
  configDefinitions,
  DEFAULTS,
  describeInhibitRule,
  durationText,
  type HeartbeatOptions,
  maskConfig,
  matcherText,
  parseAlertLevel,
  parseDuration,
  parseMatchers,
  type SilenceInput,
  type TocsinConfig,
} from '@tocsin/core';
import { describeRoutes } from './describe-routes.js';
import { formatTable } from './format-table.js';

/** `30 s`, `1.5 s`. */
export function seconds(value: number): string {
  return `${Number(value.toFixed(3))} s`;
}

/** A channel's deduplication, grouping or burst buffer, resolve and circuit breaker, for a person; `-` for none. */
export function describeNoise(
  noise: ChannelConfig['noise'],
  breaker?: ChannelConfig['circuitBreaker'],
): string {
  const parts: string[] = [];
  if (noise.repeatInterval === 'never') parts.push('once per fingerprint');
  else if (noise.repeatInterval === 'until-resolved') parts.push('once per incident');
  else if (noise.repeatInterval !== undefined)
    parts.push(`repeat ${durationText(noise.repeatInterval)}`);
  const { group, burst } = noise;
  if (group !== undefined) {
    const by = group.by === undefined || group.by.length === 0 ? '' : ` by ${group.by.join(',')}`;
    const wait = Number(group.wait ?? DEFAULTS.group.wait);
    const interval = Number(group.interval ?? DEFAULTS.group.interval);
    parts.push(`group${by} ${durationText(wait)}/${durationText(interval)}`);
  }
  if (burst !== undefined) {
    const threshold = burst.threshold ?? DEFAULTS.burst.threshold;
    const buffer = Number(burst.buffer ?? DEFAULTS.burst.buffer);
    const cooldown = Number(burst.cooldown ?? DEFAULTS.burst.cooldown);
    parts.push(`burst ${threshold}, ${durationText(buffer)}/${durationText(cooldown)}`);
  }
  if (noise.sendResolved === true) parts.push('sends resolved');
  if (noise.autoResolve !== undefined)
    parts.push(`auto-resolve ${durationText(noise.autoResolve)}`);
  if (breaker !== undefined)
    parts.push(
      `breaker ${breaker.failureThreshold} fails/${durationText(Number(breaker.recoveryTimeout))}/${breaker.successThreshold} probes`,
    );
  return parts.length === 0 ? '-' : parts.join('; ');
}

/** `then mail, then sms; optional`: where a channel's failed alerts go, and whether its failures count. */
function describeTiers(channel: ChannelConfig): string {
  const parts = channel.fallback.length > 0 ? [`then ${channel.fallback.join(', then ')}`] : [];
  if (channel.fallbackOnly) parts.push('only as a fallback (or sent to by name)');
  if (channel.optional) parts.push('optional: its failures alone do not fail a send');
  return parts.join('; ');
}

/** How a channel is throttled, for a person. */
export function describeThrottle(
  throttle: ChannelConfig['throttle'],
  config: TocsinConfig,
): string {
  if (throttle === false) return 'none';
  if (throttle === 'shared') {
    return config.throttle === false
      ? 'shared'
      : `shared: ${config.throttle.rate}/${seconds(config.throttle.per)}, burst ${config.throttle.burst}`;
  }
  return `${throttle.rate}/${seconds(throttle.per)}, burst ${throttle.burst}`;
}

/** `alerts.shared` for a person, its secrets masked: `redis (url ***, prefix myapp)`. */
function describeShared(shared: { type: string; options: Record<string, unknown> } | undefined) {
  if (shared === undefined) return 'nothing: each process keeps its own state';
  const options = Object.entries(shared.options)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${shared.type}${options.length === 0 ? '' : ` (${options.join(', ')})`}: throttles, dedup, groups, silences and firing alerts`;
}

/** The report `tocsin check` prints: the settings, then one row per channel. Secrets masked. */
export function describeConfig(config: TocsinConfig): string {
  const definitions = configDefinitions(config);
  const masked = maskConfig(config) as {
    channels: Record<string, { options: Record<string, unknown> }>;
    shared?: { type: string; options: Record<string, unknown> };
  };
  const lines = [
    `Config    ${config.file ?? '(object)'}`,
    `Preset    ${config.preset ?? '(none)'}${config.presets.length > 0 ? ` (defined: ${config.presets.join(', ')})` : ''}`,
    `Throttle  ${
      config.throttle === false
        ? 'none by default'
        : `${config.throttle.rate}/${seconds(config.throttle.per)}, burst ${config.throttle.burst}, ${config.throttle.shared ? 'one bucket shared by the channels' : 'one bucket per channel'}`
    }`,
    `Defaults  timeout ${seconds(config.defaults.timeout)}, max_retries ${config.defaults.maxRetries}`,
    `Shared    ${describeShared(masked.shared)}`,
    '',
  ];
  const channels = Object.values(config.channels);
  if (channels.length === 0) {
    lines.push('No channels.');
    return lines.join('\n');
  }
  const rows = [
    ['CHANNEL', 'TYPE', 'MIN LEVEL', 'THROTTLE', 'TIMEOUT', 'RETRIES', 'NOISE', 'TARGET'],
  ];
  for (const channel of channels) {
    const options = masked.channels[channel.key]?.options ?? {};
    const key = channel.name === undefined ? channel.key : `${channel.key} (${channel.name})`;
    rows.push(
      channel.enabled
        ? [
            key,
            channel.type,
            alertLevelName(channel.minLevel),
            describeThrottle(channel.throttle, config),
            seconds(channel.timeout),
            String(channel.maxRetries),
            describeNoise(channel.noise, channel.circuitBreaker),
            definitions?.get(channel.type)?.describeTarget?.(options) ?? '-',
          ]
        : [key, channel.type, '-', '-', '-', '-', '-', '(disabled)'],
    );
  }
  lines.push(formatTable(rows));
  const routed = channels.filter((channel) => channel.enabled && channel.matchers !== undefined);
  if (routed.length > 0) {
    lines.push('', 'Matchers (besides MIN LEVEL)');
    for (const channel of routed)
      lines.push(`  ${channel.key}: ${(channel.matchers ?? []).map(matcherText).join(', ')}`);
  }
  const tiered = channels.filter(
    (channel) =>
      channel.enabled && (channel.fallback.length > 0 || channel.fallbackOnly || channel.optional),
  );
  if (tiered.length > 0) {
    lines.push('', 'Fallback tiers and optional channels');
    for (const channel of tiered) lines.push(`  ${channel.key}: ${describeTiers(channel)}`);
  }
  const windowed = channels.filter(
    (channel) =>
      channel.enabled &&
      (channel.muteTimeIntervals.length > 0 || channel.activeTimeIntervals.length > 0),
  );
  if (windowed.length > 0) {
    lines.push('', `Time windows (defined: ${Object.keys(config.timeIntervals).join(', ')})`);
    for (const channel of windowed) {
      const said = [
        channel.muteTimeIntervals.length > 0
          ? `muted during ${channel.muteTimeIntervals.join(', ')}`
          : '',
        channel.activeTimeIntervals.length > 0
          ? `active only during ${channel.activeTimeIntervals.join(', ')}`
          : '',
      ].filter(Boolean);
      lines.push(`  ${channel.key}: ${said.join('; ')}`);
    }
  }
  if (config.silences.length > 0) {
    lines.push('', 'Silences');
    for (const silence of config.silences) lines.push(`  ${describeSilence(silence)}`);
  }
  if (config.inhibitRules.length > 0) {
    lines.push(
      '',
      `Inhibit rules (a source fires for ${seconds(config.resolveTimeout ?? DEFAULTS.resolveTimeout)} after its last alert)`,
    );
    for (const rule of config.inhibitRules) lines.push(`  ${describeInhibitRule(rule)}`);
  }
  lines.push(...describeRoutes(config, describeNoise));
  const heartbeats = Object.entries(config.heartbeats);
  if (heartbeats.length > 0) {
    lines.push('', 'Heartbeats (an alert when no ping comes in time)');
    for (const [name, heartbeat] of heartbeats)
      lines.push(`  ${name}: ${describeHeartbeat(heartbeat)}`);
  }
  return lines.join('\n');
}

/** `every 5m, grace 1m, level ERROR` or `cron "0 2 * * *" (Europe/Berlin), grace 30m, level CRITICAL`. */
function describeHeartbeat(heartbeat: HeartbeatOptions): string {
  const schedule =
    heartbeat.cron === undefined
      ? `every ${durationText(parseDuration(heartbeat.every) ?? 0)}`
      : `cron "${heartbeat.cron}" (${heartbeat.timezone ?? 'UTC'})`;
  const grace = durationText(parseDuration(heartbeat.grace ?? 60) ?? 0);
  const level = alertLevelName(parseAlertLevel(heartbeat.level ?? 'error'));
  return `${schedule}, grace ${grace}, level ${level}`;
}

/** `service="db" until 2026-12-02T10:00:00.000Z (db1 maintenance, by ana)`. */
function describeSilence(silence: SilenceInput): string {
  const matchers = parseMatchers(silence.matchers).map(matcherText).join(', ');
  const when =
    silence.until !== undefined
      ? `until ${new Date(silence.until).toISOString()}`
      : `for ${String(silence.duration)}${silence.startsAt === undefined ? '' : ` from ${new Date(silence.startsAt).toISOString()}`}`;
  const notes = [
    silence.comment,
    silence.createdBy === undefined ? undefined : `by ${silence.createdBy}`,
  ]
    .filter((note) => note !== undefined && note !== '')
    .join(', ');
  return `${matchers} ${when}${notes === '' ? '' : ` (${notes})`}`;
}
