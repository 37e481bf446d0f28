import { inspect } from 'node:util';
import type { AlertLevel } from '../alert-level.js';
import type {
  BurstOptions,
  CircuitBreakerOptions,
  CloseOnSignalsOptions,
  GroupOptions,
  HeartbeatOptions,
  MonitoringOptions,
} from '../alert-manager-options.js';
import type { AnyChannelDefinition } from '../channel-definition.js';
import type { InhibitRule } from '../lifecycle/inhibition.js';
import type { SilenceInput } from '../lifecycle/silences.js';
import type { TimeIntervals } from '../lifecycle/time-intervals.js';
import { maskUrl, redact } from '../redact.js';
import type { FileDeadLettersOptions } from '../reliability/dead-letter-file.js';
import type { SpoolOptions } from '../reliability/spool.js';
import type { ReportConfig } from '../reports/reports-config.js';
import type { LabelMatcher } from '../routing/label-matchers.js';
import type { RouteNode } from '../routing/route-tree.js';
import type { AlertConditionsOptions } from '../stages/conditions-options.js';
import { forEachAt } from './option-paths.js';
import type { ServeSettings } from './serve-config.js';
import type { SharedConfig } from './shared-config.js';

/** A bucket's settings, seconds for `per`. */
export interface ThrottleSettings {
  readonly rate: number;
  readonly per: number;
  readonly burst: number;
}

/** An entry's noise control, in `addChannel`'s spelling: seconds, limits applied. */
export interface ChannelNoise {
  readonly fingerprint?: readonly string[];
  readonly repeatInterval?: number | 'never' | 'until-resolved';
  readonly group?: GroupOptions;
  readonly burst?: BurstOptions;
  /** Alert conditions (`conditions`), durations in seconds. */
  readonly conditions?: AlertConditionsOptions;
  /** RESOLVED notices (`send_resolved`) and the entry's auto-resolve in seconds (`auto_resolve`). */
  readonly sendResolved?: boolean;
  readonly autoResolve?: number;
}

/** One channel of a loaded config: what `AlertManager.fromConfig` builds and registers. */
export interface ChannelConfig {
  /** The mapping key under `alerts.channels`: the entry's key for routing and stats. */
  readonly key: string;
  /** The channel type: a key of the channel-package table, or a type registered in code. */
  readonly type: string;
  /** kstlib's `name`: an alias `send(alert, { channel })` matches, and the channel's name. */
  readonly name: string | undefined;
  readonly enabled: boolean;
  readonly minLevel: AlertLevel;
  /** `matchers`: label matchers the alert must meet besides `minLevel`; undefined for none. */
  readonly matchers: readonly LabelMatcher[] | undefined;
  /** `mute_time_intervals` and `active_time_intervals`: names from `alerts.time_intervals`. */
  readonly muteTimeIntervals: readonly string[];
  /** The circuit breaker, durations in seconds; undefined for none. */
  readonly circuitBreaker: CircuitBreakerOptions | undefined;
  /** `fallback`: keys of the channels to try in turn; empty for none. */
  readonly fallback: readonly string[];
  /** `fallback_only`: the channel takes alerts only as a fallback (or by name). */
  readonly fallbackOnly: boolean;
  /** `optional`: its failures alone do not make a send fail. */
  readonly optional: boolean;
  readonly activeTimeIntervals: readonly string[];
  /** Its own bucket, the one shared bucket, or none. */
  readonly throttle: ThrottleSettings | 'shared' | false;
  /** Seconds one attempt may take, hard limits applied. */
  readonly timeout: number;
  readonly maxRetries: number;
  /** `fingerprint`, `repeat_interval`, `group`, `burst`: only the keys the file sets. */
  readonly noise: ChannelNoise;
  /**
   * What the channel's constructor receives, in code spelling (camelCase), secrets in
   * clear: do not log it (`maskConfig` gives a printable form).
   */
  readonly options: Readonly<Record<string, unknown>>;
  /** Option paths whose values are secret, from the channel's definition (`webhookUrl`, `headers.*`). */
  readonly secretPaths: readonly string[];
  /** Where the channel sits in the file, for messages: `alerts.channels.oncall`. */
  readonly path: string;
}

/** `alerts.routes` or `alerts.route`, read as one tree. */
export interface RouteTree {
  /** Which key the file used: our list (`routes`, under an implicit root that sends nowhere) or Alertmanager's root route (`route`). */
  readonly source: 'routes' | 'route';
  readonly root: RouteNode;
}

/** A loaded config: resolved (secrets in), validated, presets applied, hard limits enforced. */
export interface TocsinConfig {
  /** The file it came from; undefined when it was given as an object. */
  readonly file: string | undefined;
  /** The preset applied, if any. */
  readonly preset: string | undefined;
  /** Every preset the file defines. */
  readonly presets: readonly string[];
  /** `alerts.throttle`: the settings each channel's bucket starts from; false for none. */
  readonly throttle: (ThrottleSettings & { readonly shared: boolean }) | false;
  /** `alerts.fingerprint`: the labels of the manager's fingerprint rule; undefined for every label. */
  readonly fingerprint: readonly string[] | undefined;
  /** `alerts.monitoring`: "just monitoring" markers and the channel they go to. */
  readonly monitoring: MonitoringOptions | undefined;
  /** `alerts.silences`: the silences the manager starts with (ended ones left out, with a warning). */
  readonly silences: readonly SilenceInput[];
  /** `alerts.inhibit_rules`, in `AlertManager`'s spelling. */
  readonly inhibitRules: readonly InhibitRule[];
  /** `alerts.time_intervals`, by name, in `AlertManager`'s spelling. */
  readonly timeIntervals: TimeIntervals;
  /**
   * `alerts.routes` / `alerts.route`: when set, channels get alerts only through it (each
   * (route, channel) an entry of its own); undefined: every channel gets every alert it matches.
   */
  readonly routes: RouteTree | undefined;
  /** `alerts.heartbeats`, by name, in `manager.heartbeat()`'s spelling: `fromConfig` makes them. */
  readonly heartbeats: Readonly<Record<string, HeartbeatOptions>>;
  /** `alerts.reports`, by name, in `scheduleReport`'s spelling: `fromConfig` schedules them. */
  readonly reports?: Readonly<Record<string, ReportConfig>>;
  /** `alerts.dead_letters`, its folder made absolute (against the file's); undefined for none. */
  readonly deadLetters: FileDeadLettersOptions | undefined;
  /** `alerts.spool`, its folder made absolute (against the file's); undefined for none. */
  readonly spool?: SpoolOptions | undefined;
  /** `alerts.close_on_signals`: `fromConfig` calls `manager.closeOnSignals` with it; undefined when off. */
  readonly closeOnSignals?: CloseOnSignalsOptions | undefined;
  /** `alerts.serve`: `tocsin serve`'s address, tokens and intake limits; undefined when absent. */
  readonly serve?: ServeSettings | undefined;
  /** `alerts.shared`: what replicas share, through which package; undefined: in memory. */
  readonly shared?: SharedConfig | undefined;
  /** `alerts.resolve_timeout` in seconds; undefined for the default. */
  readonly resolveTimeout: number | undefined;
  /** `alerts.channels.timeout` and `max_retries`: defaults for every channel. */
  readonly defaults: { readonly timeout: number; readonly maxRetries: number };
  /** Channel instances by key, in file order (disabled ones included, with `enabled: false`). */
  readonly channels: Readonly<Record<string, ChannelConfig>>;
}

const SECRETS = new WeakMap<object, readonly string[]>();
const DEFINITIONS = new WeakMap<object, ReadonlyMap<string, AnyChannelDefinition>>();

/** Brand a freshly built config: remember its secret values; make JSON and inspect show it masked. */
export function sealConfig(
  config: TocsinConfig,
  secrets: Iterable<string>,
  definitions: ReadonlyMap<string, AnyChannelDefinition>,
): TocsinConfig {
  const values = new Set(secrets);
  // `tocsin serve`'s tokens are secrets however they were written (`${VAR}` too).
  for (const token of config.serve?.tokens ?? []) values.add(token);
  for (const channel of Object.values(config.channels)) {
    for (const path of channel.secretPaths)
      forEachAt(channel.options, path.split('.'), (value) => {
        if (typeof value === 'string') values.add(value);
        else if (value instanceof URL) values.add(value.href);
      });
  }
  DEFINITIONS.set(config, definitions);
  SECRETS.set(
    config,
    [...values].filter((value) => value.length > 0).sort((a, b) => b.length - a.length),
  );
  Object.defineProperties(config, {
    toJSON: { value: () => maskConfig(config), enumerable: false },
    [inspect.custom]: {
      value: (_depth: number, options: object) => inspect(maskConfig(config), options),
      enumerable: false,
    },
  });
  return config;
}

/** Is this a config `loadConfig` produced (rather than a file's content)? */
export function isTocsinConfig(value: unknown): value is TocsinConfig {
  return typeof value === 'object' && value !== null && SECRETS.has(value);
}

/** The secret values of a loaded config, longest first (for `redact`). */
export function configSecrets(config: TocsinConfig): readonly string[] {
  return SECRETS.get(config) ?? [];
}

/** The definitions a loaded config was validated with, by type (to build its channels). */
export function configDefinitions(
  config: TocsinConfig,
): ReadonlyMap<string, AnyChannelDefinition> | undefined {
  return DEFINITIONS.get(config);
}

/**
 * `text` with every secret value of `config` replaced by `***`, and URLs and tokens masked
 * as `redact` does: for messages about a config (a CLI's output, a log line).
 */
export function redactConfigSecrets(config: TocsinConfig, text: string): string {
  return redact(text, configSecrets(config));
}

/**
 * A copy safe to print or log: the options each channel's definition calls secret masked
 * (a URL keeps its scheme, host and first path segment: `https://hooks.example.com/services/***\/***`;
 * anything else becomes `***`), and any other string holding a secret value (from
 * `!secret`, a `*_file`, the resolver or a secret option) redacted.
 */
export function maskConfig(config: TocsinConfig): Record<string, unknown> {
  const secrets = configSecrets(config);
  const channels: Record<string, unknown> = {};
  for (const [key, channel] of Object.entries(config.channels)) {
    const options = structuredCopy(channel.options);
    for (const path of channel.secretPaths) maskAt(options, path.split('.'));
    channels[key] = { ...channel, options: redactStrings(options, secrets) };
  }
  return {
    file: config.file,
    preset: config.preset,
    presets: [...config.presets],
    throttle: config.throttle === false ? false : { ...config.throttle },
    defaults: { ...config.defaults },
    channels,
    ...(config.routes === undefined ? {} : { routes: config.routes }),
    ...(config.shared === undefined ? {} : { shared: maskShared(config.shared, secrets) }),
  };
}

/** `alerts.shared` safe to print: its secret options masked, secret values redacted. */
function maskShared(shared: SharedConfig, secrets: readonly string[]): Record<string, unknown> {
  const options = structuredCopy(shared.options);
  for (const path of shared.secretPaths) maskAt(options, path.split('.'));
  return { ...shared, options: redactStrings(options, secrets) };
}

/** A copy of plain data (mappings and lists); other values (functions, URLs, Buffers) kept. */
function structuredCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCopy);
  if (isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = structuredCopy(item);
    return out;
  }
  return value;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Replace the values at `path` in a copy: URLs masked, anything else `***`. */
function maskAt(node: unknown, path: readonly string[]): void {
  if (!isPlain(node) || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  const keys = head === '*' ? Object.keys(node) : [head];
  for (const key of keys) {
    if (!Object.hasOwn(node, key)) continue;
    if (rest.length > 0) maskAt(node[key], rest);
    else node[key] = maskSecret(node[key]);
  }
}

function maskSecret(value: unknown): unknown {
  if (value === undefined) return value;
  const text = value instanceof URL ? value.href : value;
  if (typeof text === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return maskUrl(text);
  return '***';
}

function redactStrings(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, secrets));
  if (isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactStrings(item, secrets);
    return out;
  }
  return value;
}
