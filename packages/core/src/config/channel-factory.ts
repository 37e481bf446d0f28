import type { Channel } from '../channel.js';
import type { ChannelCreateContext } from '../channel-definition.js';

/** Builds a channel of a type registered in code with `channelTypes` (no schema: any keys). */
export type ChannelFactory = (
  options: Record<string, unknown>,
  context: ChannelFactoryContext,
) => Channel | Promise<Channel>;

/** What a factory gets besides the options: the key, the channel's config and the file. */
export type ChannelFactoryContext = ChannelCreateContext;
