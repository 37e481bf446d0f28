import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FetchFunction } from '@slack/webhook';
import { type Dispatcher, fetch } from 'undici';

type FetchRequestInit = NonNullable<Parameters<FetchFunction>[1]>;
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** One `send`: what the fetch hook needs (the abort signal) and what it learns (Retry-After). */
export interface SlackCall {
  readonly signal: AbortSignal;
  retryAfter?: string | undefined;
}

/**
 * Carries the current `send`'s call through the SDK, which has no per-send options, to the
 * fetch hook. One SDK client can then serve concurrent sends, each with its own signal.
 */
export const slackCalls = new AsyncLocalStorage<SlackCall>();

/**
 * The `fetch` handed to @slack/webhook: undici's fetch on the channel's keep-alive
 * dispatcher, aborted by the current call's signal, recording Retry-After (the SDK's
 * errors do not expose headers), reading at most `maxBodyBytes` of an answer, and
 * returning a response whose `url` is blank so that nothing downstream can echo it.
 */
export function createSlackFetch(
  dispatcher: () => Dispatcher,
  maxBodyBytes: number,
): FetchFunction {
  return async (url: string | URL, init: FetchRequestInit = {}): Promise<FetchResponse> => {
    const call = slackCalls.getStore();
    const signal = call?.signal ?? init.signal;
    const response = await fetch(url, {
      method: init.method ?? 'POST',
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { body: init.body as string }),
      redirect: init.redirect ?? 'error',
      ...(signal === undefined ? {} : { signal }),
      dispatcher: dispatcher(),
    });
    if (call !== undefined) call.retryAfter = response.headers.get('retry-after') ?? undefined;
    let text: Promise<string> | undefined;
    const read = () => {
      text ??= readBounded(response.body, maxBodyBytes).then(async (value) => {
        // undici frees a keep-alive socket one event-loop turn after the answer ends
        // (client-h1: "wait a full event loop cycle to reuse this socket"). Yield that turn
        // so that the next send, often issued at once, reuses it instead of opening another.
        await nextTurn();
        return value;
      });
      return text;
    };
    return {
      ok: response.ok,
      status: response.status,
      statusText: response.statusText,
      url: '',
      headers: response.headers,
      text: read,
      json: async () => JSON.parse(await read()) as unknown,
      arrayBuffer: async () => new TextEncoder().encode(await read()).buffer as ArrayBuffer,
    };
  };
}

/** The body as text, at most `max` bytes of it; the rest is not downloaded. */
async function readBounded(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = max - size;
    if (value.byteLength >= room) {
      chunks.push(value.subarray(0, room));
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
