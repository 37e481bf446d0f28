import { createRequire } from 'node:module';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Agent } from 'undici';
import { InFlight } from './in-flight.js';

export interface KeepAliveAgentOptions extends Agent.Options {
  /** How long `close()` lets requests in flight finish before cutting them, in milliseconds. @default 5000 */
  closeGraceMs?: number;
  /**
   * An HTTP(S) proxy every request goes through (a CONNECT tunnel, undici's `ProxyAgent`):
   * its URL (`http://user:pass@proxy.internal:3128`), or `'env'` for `HTTPS_PROXY`,
   * `HTTP_PROXY` and `NO_PROXY` from the environment (undici's `EnvHttpProxyAgent`).
   * @default none: direct connections
   */
  proxy?: string | undefined;
}

interface Generation {
  readonly agent: Agent;
  readonly inFlight: InFlight;
}

/**
 * The one keep-alive undici `Agent` a channel owns: made on first use, counting the
 * requests it carries, and released by `close()`, which lets them finish for a grace
 * period and then cuts what still hangs. (Not `Agent.close()`: it waits for a hung request
 * forever, and undici 7 forgets its pools on close, so a `destroy()` after it can no
 * longer reach one.) A use after `close()` makes a new agent; close it again when done.
 */
export class KeepAliveAgent {
  readonly #options: Agent.Options;
  readonly #graceMs: number;
  readonly #proxy: string | undefined;
  #current: Generation | undefined;

  constructor(options: KeepAliveAgentOptions = {}) {
    const { closeGraceMs = 5000, proxy, ...agentOptions } = options;
    this.#options = agentOptions;
    this.#graceMs = closeGraceMs;
    this.#proxy = proxy;
  }

  /** The agent, made now if there is none yet. */
  get agent(): Agent {
    return this.#generation().agent;
  }

  /** Whether an agent exists (it is made on first use). */
  get isOpen(): boolean {
    return this.#current !== undefined;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.#current?.inFlight.size ?? 0;
  }

  /**
   * Run one request on the agent, counted in flight until it settles. It settles one
   * event-loop turn after the request: undici hands a finished keep-alive socket back to
   * its pool only on the next turn, so a request sent sooner would open another connection.
   */
  async track<T>(request: (agent: Agent) => Promise<T>): Promise<T> {
    const generation = this.#generation();
    const end = generation.inFlight.begin();
    try {
      return await request(generation.agent);
    } finally {
      await nextTurn();
      end();
    }
  }

  /** Let requests in flight finish for the grace period, then destroy the agent. Harmless twice. */
  async close(): Promise<void> {
    const generation = this.#current;
    this.#current = undefined;
    if (generation === undefined) return;
    await generation.inFlight.drain(this.#graceMs);
    if (!generation.agent.destroyed) await generation.agent.destroy();
  }

  #generation(): Generation {
    this.#current ??= { agent: this.#makeAgent(), inFlight: new InFlight() };
    return this.#current;
  }

  #makeAgent(): Agent {
    const proxy = this.#proxy;
    if (proxy === undefined) return new (undiciAgent())(this.#options);
    // The proxy agents keep the same pool settings for the connections behind the tunnel;
    // they are loaded (with all of undici) only by a channel that has a proxy.
    const undici = createRequire(import.meta.url)('undici') as typeof import('undici');
    const agent =
      proxy === 'env'
        ? new undici.EnvHttpProxyAgent(this.#options)
        : new undici.ProxyAgent({ ...this.#options, uri: proxy });
    // Both are dispatchers with the request API an Agent has.
    return agent as unknown as Agent;
  }
}

let agentClass: typeof Agent | undefined;

/**
 * undici's `Agent`, loaded when the first agent is made: all of undici costs ~120 ms and
 * ~9 MB to load, more than core and a channel together; its agent and request API alone
 * ~45 ms and ~2 MB, which is all a short script sending one alert pays.
 */
export function undiciAgent(): typeof Agent {
  agentClass ??= loadAgent();
  return agentClass;
}

function loadAgent(): typeof Agent {
  const require = createRequire(import.meta.url);
  try {
    // What undici's own index does for Agent (it has no exports map to forbid it): the
    // class, and the request API mixed into every dispatcher. keep-alive-agent.test.ts
    // checks this is the very Agent undici exports.
    const agent = require('undici/lib/dispatcher/agent.js') as typeof Agent;
    const dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
    Object.assign(dispatcher.prototype, require('undici/lib/api/index.js'));
    return agent;
  } catch {
    // Another layout (a later undici): the whole package, as before.
    return (require('undici') as typeof import('undici')).Agent;
  }
}
