import type { LimitName } from '../limits.js';
import { lazy, zod } from '../zod.js';
import type { PathSegment } from './config-path.js';
import { parseDuration } from './duration.js';
import {
  countField,
  durationField,
  got,
  numberField,
  settingsOrFalse,
  textField,
} from './schema-fields.js';

/**
 * `alerts.serve`: how `tocsin serve` (the collector) listens and what it lets in. Its own
 * file so the collector's keys can grow without touching the rest of the schema.
 */
export const serveSchema = lazy(() => {
  const z = zod();
  const port = countField('a port number (0..65535)');
  return z
    .strictObject({
      tokens: z
        .array(textField('a token'), {
          error: (issue) => `expected a list of tokens; ${got(issue.input)}`,
        })
        .optional()
        .describe(
          'Bearer tokens a client may post with (write them as !secret NAME or an environment variable). None: only 127.0.0.1 and ::1 may post.',
        ),
      host: textField('a host or address')
        .optional()
        .describe('The address to listen on. Default 127.0.0.1.'),
      port: port.optional().describe('The HTTP port. Default 9094.'),
      udp_port: port
        .optional()
        .describe("A UDP port for failnozzle's JSON datagrams. Default: no UDP intake."),
      max_body_bytes: countField('a whole number of bytes')
        .optional()
        .describe(
          'Larger request bodies are answered 413. 1024..67108864. Default 1048576 (1 MiB).',
        ),
      rate_limit: settingsOrFalse({
        rate: numberField('a number of requests').describe(
          'Requests each source may make per `per`. 1..1000000.',
        ),
        per: durationField()
          .optional()
          .describe('The period of `rate`: seconds or "1s", "1m". Default 1 s.'),
        burst: numberField('a number of requests')
          .optional()
          .describe('Requests a source may make at once. Default: 2 × rate.'),
      })
        .optional()
        .describe(
          'A token bucket per source address (HTTP requests and UDP datagrams); past it, 429 with Retry-After. Default 50 per second, burst 100; false: none.',
        ),
      max_pending: countField('a whole number of alerts')
        .optional()
        .describe(
          'Alerts accepted but not yet delivered; past it, 503 with Retry-After. 1..1000000. Default 10000.',
        ),
    })
    .describe('`tocsin serve`: the collector’s address, tokens and intake limits');
});

/** `alerts.serve` in the collector's spelling (seconds, numbers), limits applied. */
export interface ServeSettings {
  /** Bearer tokens; empty: only loopback clients may post. Secrets: never printed. */
  readonly tokens: readonly string[];
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly udpPort: number | undefined;
  readonly maxBodyBytes: number | undefined;
  /** Undefined: the default; false: none. `per` in seconds. */
  readonly rateLimit: { rate: number; per: number; burst: number | undefined } | false | undefined;
  readonly maxPending: number | undefined;
}

type Limit = (name: LimitName, value: unknown, path: PathSegment[]) => number;

/** `alerts.serve` as validated -> `ServeSettings`; undefined when the file has none. */
export function resolveServe(given: unknown, limit: Limit): ServeSettings | undefined {
  if (given === undefined) return undefined;
  const serve = given as Record<string, unknown>;
  const num = (value: unknown) => (value === undefined ? undefined : Number(value));
  const at = (key: string): PathSegment[] => ['serve', key];
  const rate = serve.rate_limit as Record<string, unknown> | false | undefined;
  return {
    tokens: (serve.tokens as string[] | undefined) ?? [],
    host: serve.host as string | undefined,
    port: num(serve.port),
    udpPort: num(serve.udp_port),
    maxBodyBytes:
      serve.max_body_bytes === undefined
        ? undefined
        : limit('serveBodyBytes', num(serve.max_body_bytes), at('max_body_bytes')),
    rateLimit:
      rate === undefined || rate === false
        ? rate
        : {
            rate: limit('serveRate', num(rate.rate), [...at('rate_limit'), 'rate']),
            per:
              rate.per === undefined
                ? 1
                : limit('per', parseDuration(rate.per), [...at('rate_limit'), 'per']),
            burst:
              rate.burst === undefined
                ? undefined
                : limit('serveRate', num(rate.burst), [...at('rate_limit'), 'burst']),
          },
    maxPending:
      serve.max_pending === undefined
        ? undefined
        : limit('servePending', num(serve.max_pending), at('max_pending')),
  };
}
