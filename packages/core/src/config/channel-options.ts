import type { PathSegment } from './config-path.js';
import { parseDuration } from './duration.js';
import { isPlainObject } from './merge-layers.js';

/** A `credentials: <name>` to look up, and where its value goes in the options. */
export interface PendingCredential {
  readonly name: string;
  /** Path of the `credentials` key, relative to the channel instance. */
  readonly from: readonly PathSegment[];
  /** Where the value goes in the code options. */
  readonly into: readonly string[];
}

export interface MappedOptions {
  options: Record<string, unknown>;
  credentials: PendingCredential[];
}

/** Keys every instance has; not channel options. */
const COMMON_KEYS = new Set([
  'type',
  'name',
  'enabled',
  'min_level',
  'throttle',
  'timeout',
  'max_retries',
]);
/** Mappings whose keys are data (header names, tag names), never converted. */
const DATA_MAPS = new Set(['headers', 'tags', 'labels']);

type File = Record<string, unknown>;

/**
 * Turn a validated channel instance (file spelling) into the options its constructor
 * takes (code spelling): kstlib names mapped (`sender` -> `from`, `recipients` -> `to`,
 * `username`/`password` -> `auth`), durations in the unit the channel expects, numeric and
 * boolean strings converted. `credentials` entries are returned for the resolver.
 */
export function toChannelOptions(type: string, instance: File, name: string): MappedOptions {
  const credentials: PendingCredential[] = [];
  let options: Record<string, unknown>;
  switch (type) {
    case 'slack':
      options = compact({
        webhookUrl: instance.webhook_url,
        username: instance.username,
        iconEmoji: instance.icon_emoji,
        channelName: instance.channel_name,
        mention: mention(instance.mention),
        webhookType: instance.webhook_type,
        allowInsecureHttp: bool(instance.allow_insecure_http),
      });
      credential(instance, ['credentials'], ['webhookUrl'], credentials);
      break;
    case 'webhook':
      options = compact({
        url: instance.url,
        method: typeof instance.method === 'string' ? instance.method.toUpperCase() : undefined,
        headers: instance.headers,
        format: instance.format,
        secret: instance.secret,
        maxResponseBytes: num(instance.max_response_bytes),
        maxConnections: num(instance.max_connections),
      });
      credential(instance, ['credentials'], ['url'], credentials);
      break;
    case 'resend':
      options = compact({
        apiKey: instance.api_key,
        baseUrl: instance.base_url,
        ...mailOptions(instance),
        tags: instance.tags,
        maxBodyBytes: num(instance.max_body_bytes),
      });
      credential(instance, ['credentials'], ['apiKey'], credentials);
      break;
    case 'email': {
      const transport = (instance.transport ?? {}) as File;
      const mail = {
        ...mailOptions(instance),
        headers: instance.headers,
        maxBodyBytes: num(instance.max_body_bytes),
      };
      if (transport.type === 'resend') {
        options = compact({
          transport: compact({
            type: 'resend',
            apiKey: transport.api_key,
            baseUrl: transport.base_url,
          }),
          ...mail,
        });
        credential(transport, ['transport', 'credentials'], ['transport', 'apiKey'], credentials);
      } else {
        options = compact({ transport: smtpTransport(transport), ...mail });
        credential(
          transport,
          ['transport', 'credentials'],
          ['transport', 'auth', 'pass'],
          credentials,
        );
      }
      break;
    }
    default:
      options = camelize(
        Object.fromEntries(Object.entries(instance).filter(([key]) => !COMMON_KEYS.has(key))),
      ) as Record<string, unknown>;
  }
  options.name = name;
  return { options, credentials };
}

function mailOptions(instance: File): Record<string, unknown> {
  return {
    from: instance.from ?? instance.sender,
    to: instance.to ?? instance.recipients,
    cc: instance.cc,
    bcc: instance.bcc,
    replyTo: instance.reply_to,
    subjectPrefix: instance.subject_prefix,
    html: bool(instance.html),
  };
}

function smtpTransport(transport: File): Record<string, unknown> {
  const auth = (transport.auth ?? {}) as File;
  const user = transport.username ?? auth.user;
  const pass = transport.password ?? auth.pass;
  const tls = transport.tls as File | undefined;
  // kstlib's use_tls: true requires STARTTLS; false never uses it.
  const useTls = bool(transport.use_tls);
  return compact({
    host: transport.host ?? 'localhost',
    port: num(transport.port),
    secure: bool(transport.secure),
    requireTLS: bool(transport.require_tls) ?? (useTls === true ? true : undefined),
    ignoreTLS: bool(transport.ignore_tls) ?? (useTls === false ? true : undefined),
    auth:
      user === undefined && pass === undefined && transport.credentials === undefined
        ? undefined
        : compact({ user, pass }),
    tls:
      tls === undefined
        ? undefined
        : compact({
            rejectUnauthorized: bool(tls.reject_unauthorized),
            servername: tls.servername,
            ca: tls.ca,
          }),
    pool: bool(transport.pool),
    maxConnections: num(transport.max_connections),
    maxMessages: num(transport.max_messages),
    connectionTimeout: parseDuration(transport.connection_timeout),
    greetingTimeout: parseDuration(transport.greeting_timeout),
    socketTimeout: parseDuration(transport.socket_timeout),
    name: transport.client_name,
  });
}

function credential(from: File, at: PathSegment[], into: string[], out: PendingCredential[]): void {
  if (typeof from.credentials === 'string') out.push({ name: from.credentials, from: at, into });
}

function mention(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  return compact({ text: value.text, minLevel: value.min_level });
}

/** `'30'` -> 30; numbers as they are. */
export function num(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : Number(value);
}

/** `'true'` -> true; booleans as they are. */
export function bool(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? value : value === 'true';
}

function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** snake_case keys to camelCase, deeply; keys inside `headers`, `tags`, `labels` kept. */
export function camelize(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((item) => camelize(item));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = keepKeys
      ? key
      : key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    out[name] = camelize(item, DATA_MAPS.has(key));
  }
  return out;
}

/** camelCase keys to snake_case, deeply (`maxRetries` -> `max_retries`); data maps kept. */
export function snakeize(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((item) => snakeize(item));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = keepKeys
      ? key
      : key
          .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
          .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
          .toLowerCase();
    out[name] = snakeize(item, DATA_MAPS.has(key));
  }
  return out;
}
