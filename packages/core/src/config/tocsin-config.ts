import { inspect } from 'node:util';
import type { AlertLevel } from '../alert-level.js';
import { maskUrl, redact } from '../redact.js';

/** A bucket's settings, seconds for `per`. */
export interface ThrottleSettings {
  readonly rate: number;
  readonly per: number;
  readonly burst: number;
}

/** One channel of a loaded config: what `AlertManager.fromConfig` builds and registers. */
export interface ChannelConfig {
  /** The mapping key under `alerts.channels`: the entry's key for routing and stats. */
  readonly key: string;
  /** `slack`, `email`, `resend`, `webhook`, or a type registered in code. */
  readonly type: string;
  /** kstlib's `name`: an alias `send(alert, { channel })` matches, and the channel's name. */
  readonly name: string | undefined;
  readonly enabled: boolean;
  readonly minLevel: AlertLevel;
  /** Its own bucket, the one shared bucket, or none. */
  readonly throttle: ThrottleSettings | 'shared' | false;
  /** Seconds one attempt may take, hard limits applied. */
  readonly timeout: number;
  readonly maxRetries: number;
  /**
   * What the channel's constructor receives, in code spelling (camelCase), secrets in
   * clear: do not log it (`maskConfig` gives a printable form).
   */
  readonly options: Readonly<Record<string, unknown>>;
  /** Where the channel sits in the file, for messages: `alerts.channels.oncall`. */
  readonly path: string;
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
  /** `alerts.channels.timeout` and `max_retries`: defaults for every channel. */
  readonly defaults: { readonly timeout: number; readonly maxRetries: number };
  /** Channel instances by key, in file order (disabled ones included, with `enabled: false`). */
  readonly channels: Readonly<Record<string, ChannelConfig>>;
}

const SECRETS = new WeakMap<object, readonly string[]>();
const SENSITIVE_KEYS = new Set([
  'webhookUrl',
  'url',
  'secret',
  'apiKey',
  'password',
  'pass',
  'token',
  'key',
]);
const MAP_OF_SECRETS = new Set(['headers']);

/** Brand a freshly built config: remember its secret values; make JSON and inspect show it masked. */
export function sealConfig(config: TocsinConfig, secrets: Iterable<string>): TocsinConfig {
  const values = new Set(secrets);
  for (const channel of Object.values(config.channels)) collectSensitive(channel.options, values);
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

/**
 * `text` with every secret value of `config` replaced by `***`, and URLs and tokens masked
 * as `redact` does: for messages about a config (a CLI's output, a log line).
 */
export function redactConfigSecrets(config: TocsinConfig, text: string): string {
  return redact(text, configSecrets(config));
}

/**
 * A copy safe to print or log: URLs masked (`https://hooks.slack.com/services/***\/***\/***`),
 * keys, passwords, signing secrets and header values replaced by `***`, and any other
 * string holding a value that came from `!secret`, a `*_file` or the resolver redacted.
 */
export function maskConfig(config: TocsinConfig): Record<string, unknown> {
  const secrets = configSecrets(config);
  const channels: Record<string, unknown> = {};
  for (const [key, channel] of Object.entries(config.channels)) {
    channels[key] = { ...channel, options: maskValue(channel.options, undefined, secrets) };
  }
  return {
    file: config.file,
    preset: config.preset,
    presets: [...config.presets],
    throttle: config.throttle === false ? false : { ...config.throttle },
    defaults: { ...config.defaults },
    channels,
  };
}

function maskValue(value: unknown, key: string | undefined, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && SENSITIVE_KEYS.has(key))
      return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrl(value) : '***';
    return redact(value, secrets);
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, undefined, secrets));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      out[name] =
        key !== undefined && MAP_OF_SECRETS.has(key) ? '***' : maskValue(item, name, secrets);
    }
    return out;
  }
  return value;
}

function collectSensitive(value: unknown, into: Set<string>, key?: string): void {
  if (typeof value === 'string') {
    if (key !== undefined && SENSITIVE_KEYS.has(key)) into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectSensitive(item, into);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      if (key !== undefined && MAP_OF_SECRETS.has(key) && typeof item === 'string') into.add(item);
      else collectSensitive(item, into, name);
    }
  }
}
