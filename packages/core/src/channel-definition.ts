import type { z } from 'zod';
import type { Channel } from './channel.js';
import type { ChannelConfig } from './config/tocsin-config.js';

/** What a definition's `create` gets besides the options. */
export interface ChannelCreateContext {
  /** The channel's key under `alerts.channels`. */
  readonly key: string;
  /** Everything the config says about this channel (level, throttle, timeout, ...). */
  readonly config: ChannelConfig;
  /** The config file, when there was one. */
  readonly file: string | undefined;
}

/**
 * Where a `credentials: <name>` entry of a config file sits and which option its value
 * fills. A string is an option path filled by a `credentials` key on the channel itself
 * (`'webhookUrl'`); the object form puts the key in a nested mapping (`at: 'transport'`)
 * and picks the option from that mapping's other keys (a password or an API key, depending on the mapping's `type`).
 */
export type ChannelCredentials =
  | string
  | {
      /** Path of the mapping that holds the `credentials` key (camelCase, dots). */
      readonly at: string;
      /** The option the value fills, relative to that mapping. */
      readonly fills: (mapping: Readonly<Record<string, unknown>>) => string;
    };

/**
 * Everything core needs to know about a channel type, brought by the channel's package:
 * core composes config validation, `defineConfig` types and the JSON Schema from these,
 * and names no channel itself.
 */
export interface ChannelDefinition<Type extends string = string, Options = never> {
  /** The config file's `type:` (`email`). Lower case. */
  readonly type: Type;
  /**
   * The channel's ONE options schema, camelCase, `.describe()` on every field: the same
   * schema its constructor validates with. A config file spells each key in snake_case
   * (`api_key`); keys of record fields (headers, tags) are kept as written.
   */
  readonly schema: z.ZodType;
  /**
   * Option paths whose values are secret (camelCase, dots; `*` for every key of a map):
   * `['webhookUrl']`, `['transport.auth.pass']`, `['headers.*']`. Masked by `maskConfig`,
   * `redactConfigSecrets` and `tocsin check`; each may also be read from `<key>_file`.
   */
  readonly secrets?: readonly string[];
  /** Which option a `credentials: <name>` entry fills. */
  readonly credentials?: ChannelCredentials;
  /** One line for the JSON Schema. @default the schema's own description */
  readonly description?: string;
  /**
   * Where the channel delivers, in one short line for `tocsin check` (`POST https://hooks.example.com/***`).
   * It receives the options with every secret already masked.
   * @default `-`
   */
  describeTarget?(options: Readonly<Record<string, unknown>>): string;
  /**
   * The URL schemes a channel of this type can be declared with, in one line (Apprise's
   * and Shoutrrr's form): `['discord']`, `['ntfy', 'ntfys']`, `['webhook+https']`. Lower case.
   */
  readonly schemes?: readonly string[];
  /**
   * The options a channel URL stands for, in code spelling (the schema then checks them).
   * Core has already taken the keys every channel has off the query (`min_level`, `name`).
   * Throw an `Error` whose message names the wrong part (`the path: expected /<topic>`);
   * never put a part of the URL in it (core masks them anyway).
   */
  fromUrl?(url: URL): Record<string, unknown>;
  /** Build the channel from options the schema accepted (its output). */
  create(options: Options, context: ChannelCreateContext): Channel | Promise<Channel>;
}

/** A definition of any type, as core holds them. */
// biome-ignore lint/suspicious/noExplicitAny: create's options are checked by the definition's schema
export type AnyChannelDefinition = ChannelDefinition<string, any>;

/**
 * Type a channel definition (returns it unchanged): `create` receives what `schema`
 * outputs. A package exports the result as `channelDefinition` (and a named alias).
 */
export function defineChannel<Type extends string, Schema extends z.ZodType>(
  definition: Omit<ChannelDefinition<Type, z.output<Schema>>, 'schema'> & { schema: Schema },
): ChannelDefinition<Type, z.output<Schema>> {
  return definition;
}

/**
 * The options of each channel type, for `defineConfig`. Each channel package adds its own:
 * `declare module '@tocsin/core' { interface ChannelTypes { email: EmailChannelOptions } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface ChannelTypes {}
