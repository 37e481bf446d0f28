import { type RequestTarget, requestError as sharedRequestError } from '@tocsin/channel-kit';
import type { DeliveryError } from '@tocsin/core';

export interface RequestErrorContext extends RequestTarget {
  signal: AbortSignal;
  /** The channel's own `timeout`, in seconds, when set (undici enforces it on the answer). */
  timeoutSeconds: number | undefined;
}

/**
 * A DeliveryError for a request that got no answer (aborted, timed out, refused, reset,
 * DNS failure...), by channel-kit's shared mapping.
 */
export function requestError(error: unknown, context: RequestErrorContext): DeliveryError {
  return sharedRequestError(error, {
    channel: context.channel,
    where: `${context.method} ${context.maskedUrl}`,
    secrets: context.secrets,
    signal: context.signal,
    timeoutSeconds: context.timeoutSeconds,
  });
}
