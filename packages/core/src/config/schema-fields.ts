import type { z } from 'zod';
import { ALERT_LEVELS, AlertLevel, alertLevelName } from '../alert-level.js';
import { zod } from '../zod.js';
import { DURATION_HINT, DURATION_PATTERN, parseDuration } from './duration.js';

/*
 * Leaf schemas shared by the config file schema. They validate the file as written
 * (snake_case, values as YAML/JSON/JS give them); the loader converts afterwards
 * (durations to seconds, levels to numbers, numeric strings to numbers). Values coming
 * from `${VAR}` are strings, so number and boolean fields also take their string forms.
 */

const NUMERIC = /^\s*-?(\d+(\.\d+)?|\.\d+)\s*$/;

/**
 * Number, boolean and duration schemas: in the file (before `${VAR}` is replaced) they may
 * also be a `${VAR}` string; the JSON Schema generator adds that branch for editors.
 */
export const interpolatedSchemas = new WeakSet<object>();

export function interpolatable<T extends object>(schema: T): T {
  interpolatedSchemas.add(schema);
  return schema;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

/** "expected X; got a string" style ending for an input of the wrong kind. */
export function got(value: unknown): string {
  return value === undefined ? 'it is missing' : `got ${kind(value)}`;
}

/** A finite number, or its string form (`${VAR}` values). */
export function numberField(what = 'a number') {
  const z = zod();
  return interpolatable(
    z.union(
      [z.number(), z.string().regex(NUMERIC, { error: () => `expected ${what}; got a string` })],
      {
        error: (issue) =>
          typeof issue.input === 'number'
            ? `expected a finite number; got ${kind(issue.input)}`
            : `expected ${what}; ${got(issue.input)}`,
      },
    ),
  );
}

/** A whole number >= 0, or its string form. */
export function countField(what: string) {
  return numberField(what);
}

/** `true`/`false`, or their string forms. */
export function booleanField() {
  const z = zod();
  return interpolatable(
    z.union([z.boolean(), z.enum(['true', 'false'])], {
      error: (issue) => `expected true or false; ${got(issue.input)}`,
    }),
  );
}

/** A duration string's JSON Schema branch. */
export const DURATION_STRING_JSON_SCHEMA = { type: 'string', pattern: DURATION_PATTERN };

/** Seconds as a number, or a duration string: `"30s"`, `"5m"`, `"1h"`, `"500ms"`, `"1m30s"`. */
export function durationField() {
  const z = zod();
  const schema = z
    .union(
      [
        z.number(),
        z.string().regex(new RegExp(DURATION_PATTERN), {
          error: (issue) => `expected a duration: ${DURATION_HINT}; got ${shown(issue.input)}`,
        }),
      ],
      {
        error: (issue) =>
          typeof issue.input === 'number'
            ? `expected a finite number of seconds; got ${kind(issue.input)}`
            : `expected a duration: ${DURATION_HINT}; ${issue.input === undefined ? 'it is missing' : `got ${shown(issue.input)}`}`,
      },
    )
    .refine((value) => parseDuration(value) !== undefined, {
      message: `expected a duration: ${DURATION_HINT}`,
      // Only for what passed the union: a value it refused already has its message.
      when: (payload) => payload.issues.length === 0,
    });
  return interpolatable(schema);
}

const LEVEL_NAMES = ALERT_LEVELS.map((level) => alertLevelName(level).toLowerCase());
/** The levels as the messages list them. */
export const LEVEL_HINT = `one of ${LEVEL_NAMES.join(', ')} (any case) or ${ALERT_LEVELS.join(', ')}`;

/**
 * Schemas whose JSON Schema is written by hand (a check zod cannot express as JSON
 * Schema); the generator replaces what zod gives with it, keeping the description.
 */
export const jsonSchemaOverrides = new WeakMap<object, Record<string, unknown>>();

/** Schemas the JSON Schema generator replaces with `LEVEL_JSON_SCHEMA`. */
export const levelSchemas = new WeakSet<object>();

/** A level name in any case (`warning`, `WARNING`) or its number. */
export function levelField() {
  const z = zod();
  const schema = z
    .union([z.number(), z.string()], {
      error: (issue) => `expected ${LEVEL_HINT}; ${got(issue.input)}`,
    })
    .superRefine((value, ctx) => {
      const ok =
        typeof value === 'number'
          ? (ALERT_LEVELS as readonly number[]).includes(value)
          : Object.hasOwn(AlertLevel, value.trim().toUpperCase());
      if (!ok)
        ctx.addIssue({ code: 'custom', message: `expected ${LEVEL_HINT}; got ${shown(value)}` });
    });
  levelSchemas.add(schema);
  return schema;
}

/** Level names and numbers, for the JSON Schema (editors complete from it). */
export const LEVEL_JSON_SCHEMA = {
  anyOf: [
    { type: 'string', enum: [...LEVEL_NAMES, ...LEVEL_NAMES.map((name) => name.toUpperCase())] },
    { type: 'integer', enum: [...ALERT_LEVELS] },
  ],
};

const CONTROL = /[\u0000-\u001f\u007f]/;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const NAMED_ADDRESS = /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/;

/** `ops@example.com` or `Ops <ops@example.com>`. */
export function mailboxField() {
  const z = zod();
  return z
    .string({ error: (issue) => `expected an email address; ${got(issue.input)}` })
    .refine(
      (value) =>
        !CONTROL.test(value) && (ADDRESS.test(value.trim()) || NAMED_ADDRESS.test(value.trim())),
      'expected an email address such as ops@example.com or "Ops <ops@example.com>"',
    );
}

/** One address or a non-empty list of them. */
export function recipientsField() {
  const z = zod();
  return z.union(
    [mailboxField(), z.array(mailboxField()).min(1, 'expected at least one address')],
    {
      error: (issue) => `expected an email address or a list of them; ${got(issue.input)}`,
    },
  );
}

/** A sender: an address, `Name <address>` or `{ name, address }`. */
export function senderField() {
  const z = zod();
  return z.union(
    [
      mailboxField(),
      z.strictObject({
        name: z.string().optional().describe('Display name'),
        address: mailboxField().describe('The address'),
      }),
    ],
    { error: (issue) => `expected an email address or { name, address }; ${got(issue.input)}` },
  );
}

/** A non-empty string. */
export function textField(what = 'a string') {
  const z = zod();
  return z
    .string({ error: (issue) => `expected ${what}; ${got(issue.input)}` })
    .min(1, `expected ${what}, not an empty string`);
}

/** A string map (`headers`), keys kept as written. */
export function stringMapField(what: string) {
  const z = zod();
  return z.record(
    z.string(),
    z.string({ error: (issue) => `expected a string value; ${got(issue.input)}` }),
    {
      error: (issue) => `expected a mapping of ${what}; ${got(issue.input)}`,
    },
  );
}

/**
 * A block of settings, or `false` for none (`spool`, `dead_letters`, `serve.rate_limit`): a
 * wrong value is refused with the keys the block takes.
 */
export function settingsOrFalse<Shape extends Record<string, z.ZodType>>(shape: Shape) {
  const zod_ = zod();
  const keys = Object.keys(shape).join(', ');
  return zod_.union([zod_.strictObject(shape), zod_.literal(false)], {
    error: (issue) => `expected { ${keys} } or false; ${got(issue.input)}`,
  });
}

/**
 * Show a wrong value only when it cannot be a secret: short and plain (`"loud"`, `"5x"`);
 * anything else is described by its kind.
 */
export function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && value.length <= 16 && /^[\w .:+-]*$/.test(value))
    return JSON.stringify(value);
  return kind(value);
}
