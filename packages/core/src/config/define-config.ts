import type { z } from 'zod';
import type {
  channelThrottleSchema,
  commonChannelShape,
  emailChannelSchema,
  resendChannelSchema,
  slackChannelSchema,
  webhookChannelSchema,
} from './channel-schemas.js';
import type { globalThrottleSchema } from './config-schema.js';

type Common = { [K in keyof typeof commonChannelShape]?: z.input<(typeof commonChannelShape)[K]> };

/** One channel instance as a file holds it (snake_case). */
export type ChannelInput =
  | z.input<typeof slackChannelSchema>
  | z.input<typeof webhookChannelSchema>
  | z.input<typeof emailChannelSchema>
  | z.input<typeof resendChannelSchema>
  /** A type registered in code with `channelTypes`. */
  | (Common & { type: string; [option: string]: unknown });

/** `alerts.channels`: defaults (scalars) and channel instances (mappings). */
export interface ChannelsInput {
  timeout?: number | string;
  max_retries?: number | string;
  [key: string]: ChannelInput | number | string | undefined;
}

/** A preset: any part of `alerts` but `presets`, deep-merged over it. */
export interface PresetInput {
  throttle?: z.input<typeof globalThrottleSchema>;
  channels?: {
    timeout?: number | string;
    max_retries?: number | string;
    [key: string]: Partial<ChannelInput> | number | string | undefined;
  };
}

/** A config file's content: what `tocsin.config.ts` exports. */
export interface TocsinConfigInput {
  $schema?: string;
  alerts: {
    throttle?: z.input<typeof globalThrottleSchema>;
    channels?: ChannelsInput;
    presets?: Record<string, PresetInput>;
  };
}

/** A per-channel throttle as a file gives it. */
export type ChannelThrottleInput = z.input<typeof channelThrottleSchema>;

/**
 * Type a config written in TypeScript or JavaScript (`tocsin.config.ts`): returns its
 * argument, checked against the file layout.
 */
export function defineConfig<T extends TocsinConfigInput>(config: T): T {
  return config;
}
