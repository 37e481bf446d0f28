import type { z } from 'zod';
import type { ChannelTypes } from '../channel-definition.js';
import type { reportsSchema } from '../reports/reports-config.js';
import type { channelThrottleSchema, commonChannelShape } from './common-channel-schema.js';
import type { globalThrottleSchema } from './config-schema.js';
import type {
  heartbeatsSchema,
  inhibitRulesSchema,
  silencesSchema,
  timeIntervalsSchema,
} from './lifecycle-schema.js';

/** `apiKey` -> `api_key` at the type level; a run of capitals is one word (`requireTLS` -> `require_tls`). */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? Head extends Lowercase<Head>
    ? `${Head}${SnakeCase<Tail>}`
    : `_${Lowercase<Head>}${SnakeTail<Tail>}`
  : S;
/** After a capital: further capitals are lower-cased without a separator (TLS -> tls). */
type SnakeTail<S extends string> = S extends `${infer Head}${infer Tail}`
  ? Head extends Lowercase<Head>
    ? `${Head}${SnakeCase<Tail>}`
    : `${Lowercase<Head>}${SnakeTail<Tail>}`
  : S;

// biome-ignore lint/suspicious/noExplicitAny: any function is code-only
type CodeOnly = (...args: any[]) => unknown;

/**
 * Options as a config file writes them: keys in snake_case (index signatures, such as
 * headers, kept), numbers and booleans also as strings (what `${VAR}` gives), secrets also
 * from `<key>_file` or `credentials: <name>`, and the code-only forms (functions) left out.
 */
export type FileSpelling<T> = T extends CodeOnly
  ? never
  : T extends number
    ? T | string
    : T extends boolean
      ? T | 'true' | 'false'
      : T extends string
        ? T
        : T extends readonly (infer U)[]
          ? FileSpelling<U>[]
          : T extends URL
            ? never
            : T extends object
              ? {
                  [K in keyof T as K extends string ? SnakeCase<K> : K]: FileSpelling<T[K]>;
                } & SecretSources
              : T;

/** The keys every channel takes, checked by core. */
type CommonShape = ReturnType<typeof commonChannelShape>;
type Common = { [K in keyof CommonShape]?: z.input<CommonShape[K]> };

/** Secrets may be read from `<key>_file`, and `credentials: <name>` names one for the resolver. */
type SecretSources = { credentials?: string } & { [key: `${string}_file`]: string };

/** One channel instance of a registered type, as a file holds it. */
type InstanceOf<Type extends keyof ChannelTypes> = Common & { type: Type } & Partial<
    FileSpelling<Omit<ChannelTypes[Type], 'name' | 'timeout'>>
  >;

/**
 * One channel instance as a file holds it (snake_case): one branch per channel type its
 * package registered in `ChannelTypes` (`declare module '@tocsin/core'`).
 */
export type ChannelInput = [keyof ChannelTypes] extends [never]
  ? Common & { type: string; [option: string]: unknown }
  : { [Type in keyof ChannelTypes]: InstanceOf<Type> }[keyof ChannelTypes];

/** `alerts.channels`: defaults (scalars) and channel instances (mappings). */
export interface ChannelsInput {
  timeout?: number | string;
  max_retries?: number | string;
  [key: string]: ChannelInput | number | string | undefined;
}

type GroupInput = NonNullable<Common['group']>;

/** One route of `alerts.routes`, as a file holds it (see docs/lifecycle.md#routes). */
export interface RouteInput {
  /** Label matchers the alert must meet to take this route. Default: every alert. */
  matchers?: string | string[];
  /** Keys (or `name`s) of the channels it sends to. Default: the parent's. */
  channels?: string[];
  /** Let the routes after it on the same level match too. Default false. */
  continue?: boolean | 'true' | 'false';
  /** Grouping for its subtree, merged over the parent's; false: none. */
  group?: GroupInput | false;
  repeat_interval?: number | string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RouteInput[];
}

/** `alerts.route`: an Alertmanager route block, its common keys. */
export interface AlertmanagerRouteInput {
  /** A channel key (or `name`). Required on the root. */
  receiver?: string;
  group_by?: string[];
  group_wait?: number | string;
  group_interval?: number | string;
  repeat_interval?: number | string;
  matchers?: string | string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  continue?: boolean | 'true' | 'false';
  routes?: AlertmanagerRouteInput[];
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
}

/** A preset: any part of `alerts` but `presets`, deep-merged over it. */
/** What a schema built on first use accepts. */
type InputOf<Schema extends () => z.ZodType> = z.input<ReturnType<Schema>>;

/** The lifecycle keys of `alerts` and of a preset (see docs/lifecycle.md). */
export interface LifecycleInput {
  silences?: InputOf<typeof silencesSchema>;
  inhibit_rules?: InputOf<typeof inhibitRulesSchema>;
  time_intervals?: InputOf<typeof timeIntervalsSchema>;
  heartbeats?: InputOf<typeof heartbeatsSchema>;
  /** Scheduled reports by name (see docs/reports.md). */
  reports?: InputOf<typeof reportsSchema>;
  resolve_timeout?: number | string;
}

/** `alerts.shared`: the package (`type: <t>` is `@tocsin/<t>`) and its own options, or false. */
export type SharedInput = false | { type: string; [option: string]: unknown };

export interface PresetInput extends LifecycleInput {
  throttle?: z.input<ReturnType<typeof globalThrottleSchema>>;
  /** Where the replicas share their state; false keeps it in memory. */
  shared?: SharedInput;
  fingerprint?: string[];
  /** Replaces the file's routes tree; null removes it. */
  routes?: RouteInput[] | null;
  route?: AlertmanagerRouteInput | null;
  channels?: {
    timeout?: number | string;
    max_retries?: number | string;
    [key: string]: Partial<ChannelInput> | number | string | undefined;
  };
}

/** A config file's content: what `tocsin.config.ts` exports. */
export interface TocsinConfigInput {
  $schema?: string;
  alerts: LifecycleInput & {
    throttle?: z.input<ReturnType<typeof globalThrottleSchema>>;
    /** Where the replicas share their state (see docs/configuration.md); false: in memory. */
    shared?: SharedInput;
    /** Labels of the manager's fingerprint rule (besides level and title). Default: every label. */
    fingerprint?: string[];
    /** "Just monitoring" markers: marked alerts go only to `channel`. */
    monitoring?: { labels?: Record<string, string>; texts?: string[]; channel: string };
    channels?: ChannelsInput;
    /** A routes tree: at each level the first matching route takes the alert. Not with `route`. */
    routes?: RouteInput[];
    /** One Alertmanager root route, as in alertmanager.yml. Not with `routes`. */
    route?: AlertmanagerRouteInput;
    presets?: Record<string, PresetInput>;
  };
}

/** A per-channel throttle as a file gives it. */
export type ChannelThrottleInput = z.input<ReturnType<typeof channelThrottleSchema>>;

/**
 * Type a config written in TypeScript or JavaScript (`tocsin.config.ts`): returns its
 * argument, checked against the file layout and the options of every registered channel
 * type (an unknown option of a known type is an error).
 */
export function defineConfig(config: TocsinConfigInput): TocsinConfigInput {
  return config;
}
