import type { z } from 'zod';

export interface ParseChannelOptionsSettings {
  /** The class, for messages: `'SlackChannel'`. */
  readonly channel: string;
  /** What the options must at least hold, said when they are not an object: ``'`webhookUrl`'``. */
  readonly required: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Validate a channel's options with its schema (the one its definition gives core).
 * @returns the schema's output (defaults applied).
 * @throws RangeError for a value out of range, TypeError for anything else; the message
 * starts with the channel, names the option in backticks (`` `transport.port` ``) and never
 * repeats a value (options hold secrets).
 */
export function parseChannelOptions<S extends z.ZodType>(
  schema: S,
  options: unknown,
  settings: ParseChannelOptionsSettings,
): z.output<S> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${settings.channel}: options must be an object with at least ${settings.required}`,
    );
  }
  // reportInput: to tell a missing option from a wrong one (the input is never put in a message).
  const parsed = schema.safeParse(options, { reportInput: true });
  if (parsed.success) return parsed.data;
  const { path, message, range } = explain(parsed.error.issues[0]);
  const text = message.startsWith('`') || path === '' ? message : `\`${path}\` ${message}`;
  const Kind = range ? RangeError : TypeError;
  return throwing(new Kind(`${settings.channel}: ${text}`));
}

/** What a channel's constructor takes, from its schema built on first use. */
export type ChannelOptionsInput<F extends () => z.ZodType> = z.input<ReturnType<F>>;

/** A channel's options once validated, defaults applied. */
export type ChannelOptionsOutput<F extends () => z.ZodType> = z.output<ReturnType<F>>;

/**
 * `parseChannelOptions` for a schema built on first use (`lazy`), as a channel exports it:
 * `parseTeamsChannelOptions = channelOptionsParser(teamsChannelOptionsSchema, settings)`.
 */
export function channelOptionsParser<S extends z.ZodType>(
  schema: () => S,
  settings: ParseChannelOptionsSettings,
): (options: unknown) => z.output<S> {
  return (options) => parseChannelOptions(schema(), options, settings);
}

function throwing(error: Error): never {
  throw error;
}

interface Explained {
  path: string;
  message: string;
  range: boolean;
}

const KIND: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** One issue as a path and a sentence; inside a union, the branch that matched the value's kind. */
function explain(issue: Issue | undefined, prefix: readonly PropertyKey[] = []): Explained {
  if (issue === undefined)
    return { path: formatOptionPath(prefix), message: 'is invalid', range: false };
  const path = [...prefix, ...issue.path];
  const missing = (issue as { input?: unknown }).input === undefined;
  switch (issue.code) {
    case 'invalid_union': {
      const branch = issue.errors.find((issues) => issues.some((inner) => !isKindMismatch(inner)));
      if (branch !== undefined) {
        const deeper = branch.find((inner) => !isKindMismatch(inner)) ?? branch[0];
        return explain(deeper, path);
      }
      if (!issue.message.startsWith('Invalid input'))
        return { path: formatOptionPath(path), message: issue.message, range: false };
      const kinds = issue.errors.flatMap((issues) =>
        issues.map((inner) => ('expected' in inner ? String(inner.expected) : '')),
      );
      const named = [...new Set(kinds.filter(Boolean))].map((kind) => KIND[kind] ?? kind);
      return {
        path: formatOptionPath(path),
        message: named.length > 0 ? `must be ${named.join(' or ')}` : 'is invalid',
        range: false,
      };
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.map((key) => `\`${formatOptionPath([...path, key])}\``);
      return {
        path: '',
        message: `unknown option${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`,
        range: false,
      };
    }
    case 'invalid_key':
      return {
        path: formatOptionPath(path.slice(0, -1)),
        message: `has an invalid key: it ${issue.issues[0]?.message ?? 'is invalid'}`,
        range: false,
      };
    case 'too_small':
    case 'too_big':
      return {
        path: formatOptionPath(path),
        message: issue.message.startsWith('Too')
          ? `is out of range: ${issue.message}`
          : issue.message,
        range: true,
      };
    case 'invalid_type':
      if (issue.message.startsWith('Invalid input')) {
        return {
          path: formatOptionPath(path),
          message: missing ? 'is required' : `must be ${KIND[issue.expected] ?? issue.expected}`,
          range: false,
        };
      }
      return { path: formatOptionPath(path), message: issue.message, range: false };
    default:
      return { path: formatOptionPath(path), message: issue.message, range: false };
  }
}

/** A branch that failed only because the value is of another kind (a string for an object). */
function isKindMismatch(issue: Issue): boolean {
  return (
    issue.path.length === 0 &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'custom')
  );
}

/** `transport.tls.ca`, `to[1]`. */
export function formatOptionPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
