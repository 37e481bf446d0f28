import type { Logger } from '@tocsin/core';

/** How a collector listens and what it lets in. Everything but `logger` has a default. */
export interface CollectorOptions {
  /** The address to listen on. @default '127.0.0.1' */
  host: string;
  /** The HTTP port; 0 picks a free one. @default 9094 */
  port: number;
  /** A UDP port for failnozzle's JSON datagrams; undefined: no UDP intake. */
  udpPort: number | undefined;
  /**
   * Bearer tokens a client may post with (any of them). Empty: only loopback clients
   * (127.0.0.1, ::1) may post, since anyone who can reach the port could page the team.
   */
  tokens: readonly string[];
  /** Larger request bodies are answered 413. @default 1 MiB */
  maxBodyBytes: number;
  /**
   * A token bucket per source address: `rate` requests (or datagrams) per `per` seconds,
   * `burst` at once; past it, 429 with Retry-After. false: none. @default 50/s, burst 100
   */
  rateLimit: { rate: number; per: number; burst: number } | false;
  /** Alerts accepted whose delivery is not done yet; past it, 503 with Retry-After. @default 10000 */
  maxPending: number;
  /** Requests being read or answered at once; past it, 503 with Retry-After. @default 256 */
  maxInFlight: number;
  /** Source addresses the rate limit remembers; the least recently seen go first. @default 10000 */
  maxSources: number;
  /** Where refusals that no client sees (a bad datagram) and late failures are reported. */
  logger: Logger;
  /** Milliseconds on a monotonic clock, for the rate limit (a fake clock in tests). */
  now: () => number;
}

export const COLLECTOR_DEFAULTS = {
  host: '127.0.0.1',
  port: 9094,
  maxBodyBytes: 1024 * 1024,
  rateLimit: { rate: 50, per: 1, burst: 100 },
  maxPending: 10_000,
  maxInFlight: 256,
  maxSources: 10_000,
} as const;
