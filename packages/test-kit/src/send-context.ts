import type { SendContext } from '@tocsin/core';

/**
 * What core hands a channel for a first attempt with a 5 s budget: `signal` when given,
 * otherwise one that never aborts (the channel's own `timeout` is what the test exercises).
 */
export function sendContext(signal: AbortSignal = new AbortController().signal): SendContext {
  return { signal, attempt: 1, timeoutMs: 5000 };
}
