import { Redis } from 'ioredis';

/** Where a store talks to Redis: a client the app made, or a `redis://` URL. */
export type RedisTarget = Redis | string;

/** Options for clients made from a URL: fail fast while disconnected, so a store falls back at once. */
const URL_CLIENT_OPTIONS = {
  // A command sent while the connection is down would wait in the queue and run after
  // the outage, taking a token nobody used: refuse it now and answer locally instead.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  // Reconnect soon after an outage, at most a second apart.
  retryStrategy: (times: number) => Math.min(times * 50, 1000),
} as const;

/**
 * `redis://user:password@host:6379/0` as it may be shown: without user name and password.
 * Used for every message that names the server.
 */
export function shownRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'an unparsable Redis URL';
  }
}

/** The server a client talks to, as a message may name it. */
export function shownClient(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? `redis+unix://${path}` : `redis://${host ?? 'localhost'}:${port ?? 6379}`;
}

/**
 * A client for `target`, and whether the store owns it (then the store's `close()` quits it).
 * @throws TypeError for a URL that is not `redis://` or `rediss://`, naming it without its password.
 */
export function redisClient(
  target: RedisTarget,
  option: string,
): { client: Redis; owned: boolean } {
  if (typeof target !== 'string') return { client: target, owned: false };
  if (!isRedisUrl(target)) {
    throw new TypeError(
      `\`${option}\` must be a Redis client or a redis:// or rediss:// URL; got ${shownRedisUrl(target)}`,
    );
  }
  const client = new Redis(target, URL_CLIENT_OPTIONS);
  // Connection errors reach the store as failed commands (and its one warning per outage);
  // without a listener ioredis would print each reconnect failure to the console.
  client.on('error', () => {});
  return { client, owned: true };
}

/** Whether `value` parses as a `redis://` or `rediss://` URL (never throwing: a URL's error would repeat it, password and all). */
export function isRedisUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'redis:' || protocol === 'rediss:';
  } catch {
    return false;
  }
}

/**
 * `message` with `secret` (a URL's password) taken out, for an error that came from the
 * client and may have repeated what it was given.
 */
export function withoutSecret(message: string, secret: string | undefined): string {
  return secret ? message.split(secret).join('***') : message;
}

/** The password of a `redis://` URL, to take out of messages that may repeat it. */
export function passwordOf(url: string): string | undefined {
  try {
    const { password } = new URL(url);
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
