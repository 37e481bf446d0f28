import { dirname } from 'node:path';
import { AlertManager, type AlertManagerOptions } from '../alert-manager.js';
import { AlertThrottle } from '../alert-throttle.js';
import type { Channel } from '../channel.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { defaultLogger } from '../logger.js';
import { redact } from '../redact.js';
import { BUILTIN_CHANNEL_PACKAGES, type BuiltinChannelPackage } from './builtin-channel-types.js';
import { importChannelPackage, PackageNotFound } from './import-channel-package.js';
import { type LoadConfigOptions, loadConfig } from './load-config.js';
import {
  type ChannelConfig,
  configSecrets,
  isTocsinConfig,
  type TocsinConfig,
} from './tocsin-config.js';

/** Builds a channel of a type registered in code. */
export type ChannelFactory = (
  options: Record<string, unknown>,
  context: ChannelFactoryContext,
) => Channel | Promise<Channel>;

export interface ChannelFactoryContext {
  /** The channel's key under `alerts.channels`. */
  readonly key: string;
  /** Everything the config says about this channel. */
  readonly config: ChannelConfig;
  /** The config file, when there was one. */
  readonly file: string | undefined;
}

export interface FromConfigOptions
  extends LoadConfigOptions,
    Omit<AlertManagerOptions, 'defaults'> {
  /**
   * Channel types registered in code, by `type`: `{ pagerduty: (options) => new PagerDutyChannel(options) }`.
   * The factory gets the instance's keys camelCased (common keys removed) plus `name`. A
   * built-in type registered here is replaced.
   */
  channelTypes?: Readonly<Record<string, ChannelFactory>>;
  /**
   * More directories to import channel packages from, after the config file's directory
   * and `cwd` (a CLI passes its own, so its bundled channels are found).
   */
  searchPaths?: readonly string[];
}

/**
 * Build an AlertManager from a config: a loaded `TocsinConfig`, the path of a file, a
 * file's content as an object, or nothing (search from `cwd`). Each enabled channel is
 * built by its package, imported on demand (`slack` -> @tocsin/slack, ...), or by a factory
 * from `channelTypes`, then registered with its key, alias (`name`), level, throttle,
 * timeout and retries.
 * @throws ConfigError for a bad config, a channel package that is not installed, or
 * options a channel refuses; channels already built are closed first.
 */
export async function buildManager(
  source: string | object | undefined,
  options: FromConfigOptions = {},
): Promise<AlertManager> {
  const { channelTypes = {}, searchPaths = [], retry, latencyWindow, clock } = options;
  const logger = options.logger ?? defaultLogger;
  if (isTocsinConfig(source) && (options.preset !== undefined || options.overrides !== undefined)) {
    // A loaded config already has its preset and overrides applied (and its limits checked).
    throw new TypeError(
      '`preset` and `overrides` apply while loading: pass them to loadConfig(), or give fromConfig a path',
    );
  }
  const config = isTocsinConfig(source)
    ? source
    : await loadConfig(source, { ...options, channelTypes });
  const cwd = options.cwd ?? process.cwd();
  const dirs = [...(config.file ? [dirname(config.file)] : []), cwd, ...searchPaths];
  const secrets = configSecrets(config);

  const built: Array<{ channel: Channel; config: ChannelConfig }> = [];
  const issues: ConfigIssue[] = [];
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  for (const channel of Object.values(config.channels)) {
    if (!channel.enabled) continue;
    try {
      const instance = await buildChannel(channel, config, channelTypes, (name) => {
        let pending = modules.get(name);
        if (pending === undefined) {
          pending = importChannelPackage(name, dirs);
          modules.set(name, pending);
        }
        return pending;
      });
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

  const manager = new AlertManager({
    logger,
    defaults: config.defaults,
    ...(retry === undefined ? {} : { retry }),
    ...(latencyWindow === undefined ? {} : { latencyWindow }),
    ...(clock === undefined ? {} : { clock }),
  });
  let shared: AlertThrottle | undefined;
  for (const { channel, config: entry } of built) {
    let throttle: AlertThrottle | undefined;
    if (entry.throttle === 'shared') {
      const settings = config.throttle === false ? {} : config.throttle;
      shared ??= new AlertThrottle({
        ...pickBucket(settings),
        logger,
        source: 'alerts.throttle',
        ...(clock ? { clock } : {}),
      });
      throttle = shared;
    } else if (entry.throttle !== false) {
      throttle = new AlertThrottle({
        ...entry.throttle,
        logger,
        source: `${entry.path}.throttle`,
        ...(clock ? { clock } : {}),
      });
    }
    manager.addChannel(channel, {
      key: entry.key,
      ...(entry.name === undefined ? {} : { alias: entry.name }),
      minLevel: entry.minLevel,
      ...(throttle === undefined ? {} : { throttle }),
      timeout: entry.timeout,
      maxRetries: entry.maxRetries,
    });
  }
  return manager;
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
  factories: Readonly<Record<string, ChannelFactory>>,
  load: (name: string) => Promise<Record<string, unknown>>,
): Promise<Channel> {
  const factory = factories[channel.type];
  if (factory !== undefined) {
    return checkChannel(
      await factory(
        { ...channel.options },
        { key: channel.key, config: channel, file: config.file },
      ),
      channel,
    );
  }
  let target = BUILTIN_CHANNEL_PACKAGES[channel.type];
  let options: Record<string, unknown> = { ...channel.options };
  if (
    channel.type === 'email' &&
    (options.transport as { type?: unknown } | undefined)?.type === 'resend'
  ) {
    // kstlib's email channel over a Resend transport is our ResendChannel.
    target = BUILTIN_CHANNEL_PACKAGES.resend;
    options = resendFromEmail(options, channel);
  }
  if (target === undefined) {
    throw new ChannelBuildError([
      {
        path: `${channel.path}.type`,
        message: `no factory for channel type "${channel.type}": register one with \`channelTypes\``,
      },
    ]);
  }
  const module = await loadPackage(target, channel, load);
  const schema = module[target.schemaName] as
    | { safeParse?: (value: unknown) => SafeParse }
    | undefined;
  const checked = schema?.safeParse?.(options);
  if (checked !== undefined && !checked.success) {
    throw new ChannelBuildError(
      checked.error.issues.map((issue) => ({
        path: `${channel.path}${issue.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${fileKey(String(segment))}`)).join('')}`,
        message: fileSpelling(issue.message),
      })),
    );
  }
  const Ctor = module[target.className] as (new (options: unknown) => Channel) | undefined;
  if (typeof Ctor !== 'function') {
    throw new ChannelBuildError([
      {
        path: `${channel.path}.type`,
        message: `${target.package} does not export ${target.className}; is it a version that matches @tocsin/core?`,
      },
    ]);
  }
  return checkChannel(new Ctor(options), channel);
}

interface SafeParse {
  success: boolean;
  error: { issues: Array<{ path: PropertyKey[]; message: string }> };
}

async function loadPackage(
  target: BuiltinChannelPackage,
  channel: ChannelConfig,
  load: (name: string) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  try {
    return await load(target.package);
  } catch (error) {
    if (error instanceof PackageNotFound) {
      throw new ChannelBuildError([
        {
          path: `${channel.path}.type`,
          message: `channel type "${channel.type}" needs the package ${target.package}, which is not installed: npm install ${target.package}`,
        },
      ]);
    }
    throw new ChannelBuildError(
      [
        {
          path: `${channel.path}.type`,
          message: `${target.package} failed to load: ${firstLine(error)}`,
        },
      ],
      { cause: error },
    );
  }
}

function resendFromEmail(
  options: Record<string, unknown>,
  channel: ChannelConfig,
): Record<string, unknown> {
  const { transport, headers, ...mail } = options as {
    transport: Record<string, unknown>;
    headers?: unknown;
  };
  if (headers !== undefined) {
    throw new ChannelBuildError([
      {
        path: `${channel.path}.headers`,
        message: 'extra headers are not supported with transport type resend',
      },
    ]);
  }
  const { type: _type, ...resend } = transport;
  return { ...resend, ...mail };
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
          'the factory did not return a Channel (a `name` and a `send(alert, context)` method)',
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

/** `webhookUrl` -> `webhook_url`, `requireTLS` -> `require_tls`: an option as the file spells it. */
function fileKey(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Option names in backticks, as a channel package wrote them, in the file's spelling. */
function fileSpelling(message: string): string {
  return message.replace(
    /`([a-z]+[A-Z][A-Za-z0-9]*)(`|[ :.])/g,
    (_, name: string, end: string) => `\`${fileKey(name)}${end}`,
  );
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
