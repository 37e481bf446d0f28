import type { z } from 'zod';
import type { ConfigIssue } from '../errors/config-error.js';
import type { PathSegment } from './config-path.js';
import { CHANNEL_DEFAULT_KEYS } from './config-schema.js';
import { didYouMean, didYouMeanSuffix } from './did-you-mean.js';
import { got, shown } from './schema-fields.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

/**
 * Parse-time hooks: `reportInput` keeps each issue's input (to tell a missing key from a
 * wrong one), and the error callback records, for each mapping with unknown keys, the
 * keys it does accept (for did-you-mean).
 */
export function issueCollector(
  spell: (key: string) => string = (key) => key,
  root?: { readonly input: object; readonly keys: readonly string[] },
) {
  const allowed = new WeakMap<object, string[]>();
  return {
    params: {
      reportInput: true,
      error: (issue: z.core.$ZodRawIssue) => {
        if (
          issue.code === 'unrecognized_keys' &&
          typeof issue.input === 'object' &&
          issue.input !== null
        ) {
          const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod
            ?.def?.shape;
          if (shape !== undefined) {
            // The branches of a union see the same input: the keys of all are candidates.
            const keys = new Set([
              ...(allowed.get(issue.input) ?? []),
              ...Object.keys(shape).map(spell),
              ...(issue.input === root?.input ? root.keys : []),
            ]);
            allowed.set(issue.input, [...keys]);
          }
        }
        return undefined;
      },
    },
    /** Turn zod's issues into one entry per failing path, with messages for a person. */
    toConfigIssues(
      issues: readonly Issue[],
      locate: (path: readonly PathSegment[]) => string,
    ): ConfigIssue[] {
      const out: ConfigIssue[] = [];
      for (const issue of issues) collect(issue, [], out, locate, allowed);
      return dedupe(out);
    },
  };
}

function collect(
  issue: Issue,
  prefix: readonly PathSegment[],
  out: ConfigIssue[],
  locate: (path: readonly PathSegment[]) => string,
  allowed: WeakMap<object, string[]>,
): void {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  switch (issue.code) {
    case 'invalid_union': {
      if ((issue as { note?: string }).note === 'No matching discriminator') {
        out.push({ path: locate(path), message: missingFirst(issue.message) });
        return;
      }
      // Dig into the branch that matched the value's kind and failed deeper (of several,
      // the one with the fewest problems: the closest to what was meant).
      const deep = issue.errors.filter((branch) => branch.some((inner) => !isKindMismatch(inner)));
      const closest = deep.reduce<Issue[] | undefined>(
        (best, branch) => (best === undefined || branch.length < best.length ? branch : best),
        undefined,
      );
      if (closest !== undefined) {
        for (const inner of closest) collect(inner, path, out, locate, allowed);
        return;
      }
      out.push({ path: locate(path), message: missingFirst(issue.message) });
      return;
    }
    case 'unrecognized_keys': {
      const candidates =
        typeof issue.input === 'object' && issue.input !== null
          ? allowed.get(issue.input)
          : undefined;
      for (const key of issue.keys) {
        const hint = candidates ? didYouMeanSuffix(key, candidates) : '';
        out.push({
          path: locate([...path, key]),
          message: `unknown key${hint || (candidates ? `; expected one of: ${candidates.join(', ')}` : '')}`,
        });
      }
      return;
    }
    case 'invalid_type': {
      const parent = path[path.length - 2];
      const key = path[path.length - 1];
      if (
        path.length === 3 &&
        path[0] === 'alerts' &&
        parent === 'channels' &&
        typeof key === 'string'
      ) {
        // A scalar under `channels` that is not one of the defaults: most likely a misspelt default.
        const match = didYouMean(key, CHANNEL_DEFAULT_KEYS);
        out.push({
          path: locate(path),
          message: `unknown channel default${match === undefined ? '' : ` (did you mean "${match}"?)`}: scalar keys of \`channels\` are ${CHANNEL_DEFAULT_KEYS.join(', ')}; a channel is a mapping with a \`type\``,
        });
        return;
      }
      out.push({ path: locate(path), message: missingFirst(rewrite(issue)) });
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => String(value));
      const input = issue.input;
      const hint = typeof input === 'string' ? didYouMeanSuffix(input, values) : '';
      out.push({
        path: locate(path),
        message: `expected ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}; ${input === undefined ? 'it is missing' : `got ${shown(input)}`}${hint}`,
      });
      return;
    }
    default:
      out.push({ path: locate(path), message: missingFirst(rewrite(issue)) });
  }
}

/** A branch of a union that failed only because the value is of another kind. */
function isKindMismatch(issue: Issue): boolean {
  return (
    issue.path.length === 0 &&
    (issue.code === 'invalid_type' ||
      issue.code === 'invalid_value' ||
      issue.code === 'invalid_union' ||
      issue.code === 'custom')
  );
}

/** zod's generic English (`Invalid input: expected string, received number`) in our style. */
function rewrite(issue: Issue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return `expected ${article(issue.expected)}; ${got(issue.input)}`;
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.message.startsWith('Too')) {
    return `out of range: ${issue.message.replace(/^Too (small|big): /, '')}`;
  }
  return issue.message;
}

/** `expected a string; it is missing` -> `missing: expected a string`. */
function missingFirst(message: string): string {
  return message.endsWith('; it is missing')
    ? `missing: ${message.slice(0, -'; it is missing'.length)}`
    : message;
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
