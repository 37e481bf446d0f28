import { AsyncLocalStorage } from 'node:async_hooks';
import { DeliveryError } from '@tocsin/core';

/**
 * A Retry-After that a service writes in its JSON error body (Discord's `retry_after`,
 * Telegram's `parameters.retry_after`), used when the answer has no Retry-After header.
 * HttpEndpoint reads the body only to build its error, so `reasonOf` records the seconds
 * for the current send (kept apart per send, so concurrent sends cannot mix them) and
 * `run` puts them on the DeliveryError. Written for Telegram and Discord alike: a
 * candidate for channel-kit.
 */
export class RetryAfterInBody {
  readonly #calls = new AsyncLocalStorage<{ seconds?: number }>();
  readonly #read: (json: unknown) => unknown;

  /** @param read where the seconds sit in the parsed body */
  constructor(read: (json: unknown) => unknown) {
    this.#read = read;
  }

  /** `reason` (an HttpEndpoint `reasonOf`) that also records the body's seconds. */
  reasonOf(reason: (body: string) => string | undefined): (body: string) => string | undefined {
    return (body) => {
      const call = this.#calls.getStore();
      if (call !== undefined) {
        try {
          const seconds = this.#read(JSON.parse(body));
          if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0)
            call.seconds = Math.ceil(seconds);
        } catch {
          // Not JSON: no seconds to take.
        }
      }
      return reason(body);
    };
  }

  /** Run one send; a retryable error without `retryAfter` gets the body's seconds. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    const call: { seconds?: number } = {};
    try {
      return await this.#calls.run(call, send);
    } catch (error) {
      const seconds = call.seconds;
      if (
        !DeliveryError.isInstance(error) ||
        !error.retryable ||
        error.retryAfter !== undefined ||
        seconds === undefined
      )
        throw error;
      throw new DeliveryError(
        `${error.message} (retry after ${seconds} s, from the answer's body)`,
        {
          channel: error.channel,
          retryable: true,
          retryAfter: seconds,
          statusCode: error.statusCode,
          reason: error.reason,
          code: error.code,
          cause: error.cause,
        },
      );
    }
  }
}
