import {
  type AddChannelOptions,
  type AlertInput,
  AlertManager,
  type AlertResult,
  type Channel,
} from '@tocsin/core';
import { quietLogger } from './quiet-logger.js';

/**
 * Send `input` to `channel` through a real `AlertManager` that retries up to twice (or as
 * `options` say) without a backoff of its own, so only a `retryAfter` the channel reports
 * makes it wait; resolves with the result (`status`, `attempts`). The channel is left open.
 */
export async function deliverWithRetries(
  channel: Channel,
  input: AlertInput,
  options: AddChannelOptions = {},
): Promise<AlertResult> {
  const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
    channel,
    { maxRetries: 2, ...options },
  );
  const [result] = await manager.send(input);
  if (result === undefined) throw new Error('deliverWithRetries: the manager returned no result');
  return result;
}
