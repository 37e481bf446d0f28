import type { z } from 'zod';
import type { Clock } from './clock.js';
import type { IncidentStore } from './lifecycle/lifecycle-store.js';
import type { SilenceStore } from './lifecycle/silences.js';
import type { Logger } from './logger.js';
import type { NoiseStore } from './stages/noise-store.js';
import type { Throttle } from './stages/throttle-stage.js';

/** A bucket of the config file, for `SharedState.throttle`: its settings, `per` in seconds. */
export interface SharedThrottleSettings {
  /**
   * Which bucket of the file it is: the channel's key for a channel's own bucket, or
   * undefined for the one bucket `alerts.throttle.shared` (or `throttle: shared`) shares.
   * Replicas with the same file name the same buckets, so they share each one.
   */
  readonly channel: string | undefined;
  readonly rate: number;
  readonly per: number;
  readonly burst: number;
}

/**
 * The state replicas share, made from `alerts.shared`: what `fromConfig` gives the manager
 * and each entry it builds instead of keeping it in this process.
 */
export interface SharedState {
  /** Every entry's deduplication and groups (`addChannel`'s `noiseStore`). */
  readonly noiseStore: NoiseStore;
  /** Silences (the manager's `store.silences`). */
  readonly silences: SilenceStore;
  /** What is firing (the manager's `store.incidents`). */
  readonly incidents: IncidentStore;
  /** A bucket shared by the replicas, for each bucket of the file (kstlib's semantics). */
  throttle(settings: SharedThrottleSettings): Throttle;
  /** Release every connection it made (the throttles' too). Called after the manager closed. */
  close(): Promise<void>;
}

/** What a shared-state definition's `create` gets besides the options. */
export interface SharedStateCreateContext {
  /** The manager's `resolveTimeout` in seconds (the incidents store needs it). */
  readonly resolveTimeout: number;
  /** The manager's logger: warnings about outages go there. */
  readonly logger: Logger;
  /** The manager's clock, for anything answered locally (a throttle's local bucket). */
  readonly clock: Clock | undefined;
  /** The config file, when there was one. */
  readonly file: string | undefined;
}

/**
 * A kind of shared state (`alerts.shared.type`), brought by its package as
 * `sharedStateDefinition`: `type: <t>` is the package `@tocsin/<t>`. Core names no store.
 */
export interface SharedStateDefinition<Type extends string = string, Options = never> {
  /** The config file's `type:`, lower case: `type: <t>` is the package `@tocsin/<t>`. */
  readonly type: Type;
  /**
   * The options schema, camelCase, `.describe()` on every field (the file spells each key in
   * snake_case). `type` is not part of it.
   */
  readonly schema: z.ZodType;
  /** Option paths whose values are secret (`['url']`): kept out of messages, masked in `maskConfig`. */
  readonly secrets?: readonly string[];
  /**
   * Make the state, connected or connecting; wait here for what must be read before the
   * first alert (the silences other replicas made).
   */
  create(options: Options, context: SharedStateCreateContext): SharedState | Promise<SharedState>;
}

/** A definition of any type, as core holds them. */
// biome-ignore lint/suspicious/noExplicitAny: create's options are checked by the definition's schema
export type AnySharedStateDefinition = SharedStateDefinition<string, any>;

/** Type a shared-state definition (returns it unchanged): `create` receives what `schema` outputs. */
export function defineSharedState<Type extends string, Schema extends z.ZodType>(
  definition: Omit<SharedStateDefinition<Type, z.output<Schema>>, 'schema'> & { schema: Schema },
): SharedStateDefinition<Type, z.output<Schema>> {
  return definition;
}
