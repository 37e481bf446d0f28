// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { ConfigIssue } from '../errors/config-error.js';
import type { PathSegment } from './config-path.js';
import type { CredentialResolver } from './credential-resolver.js';
import { isPlainObject } from './merge-layers.js';
import { SecretRef } from './secret-ref.js';

export interface ResolveSecretsContext {
  env: Readonly<Record<string, string | undefined>>;
  resolver: CredentialResolver;
  /** `*_file` paths are relative to this directory (the config file's). */
  baseDir: string;
  /** Turns a path in the merged tree into the path a person should look at. */
  locate(path: readonly PathSegment[]): string;
  /** Receives every value that came from `!secret`, a `*_file` or the resolver. */
  secrets: Set<string>;
  /** Receives every value taken from the environment by `${VAR}`. */
  interpolated: Set<string>;
  issues: ConfigIssue[];
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const EXPRESSION = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Replace, in a copy of `tree`: `${VAR}` and `${VAR:-default}` in strings (environment;
 * `$${` is a literal `${`), `!secret NAME` (the credential resolver) and every `<key>_file`
 * entry (the file's content, trimmed, becomes `<key>`). Problems are pushed onto
 * `context.issues` with their path; no value is ever put in a message.
 */
export async function resolveSecrets(
  tree: unknown,
  context: ResolveSecretsContext,
): Promise<unknown> {
  return walk(tree, [], context);
}

async function walk(
  node: unknown,
  path: PathSegment[],
  context: ResolveSecretsContext,
): Promise<unknown> {
  if (typeof node === 'string') return interpolate(node, path, context);
  if (node instanceof SecretRef) return resolveRef(node, path, context);
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const [index, item] of node.entries())
      out.push(await walk(item, [...path, index], context));
    return out;
  }
  if (!isPlainObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const resolved = await walk(value, [...path, key], context);
    if (key.endsWith('_file') && key.length > 5 && resolved !== undefined) {
      const target = key.slice(0, -5);
      if (Object.hasOwn(node, target)) {
        context.issues.push({
          path: context.locate([...path, key]),
          message: `give either \`${target}\` or \`${key}\`, not both`,
        });
        continue;
      }
      const content = await readSecretFile(resolved, [...path, key], context);
      if (content !== undefined) out[target] = content;
      continue;
    }
    out[key] = resolved;
  }
  return out;
}

function interpolate(
  text: string,
  path: readonly PathSegment[],
  context: ResolveSecretsContext,
): string {
  if (!text.includes('${')) return text;
  return text.replace(TOKEN, (match, expression: string | undefined) => {
    if (match === '$${') return '${';
    const parsed = expression === undefined ? null : EXPRESSION.exec(expression.trim());
    if (parsed === null) {
      context.issues.push({
        path: context.locate(path),
        message:
          'has a malformed `${...}`: expected `${NAME}` or `${NAME:-default}` (write `$${` for a literal `${`)',
      });
      return '';
    }
    const name = parsed[1] as string;
    const fallback = parsed[2];
    const value = context.env[name];
    if (value !== undefined && value !== '') {
      context.interpolated.add(value);
      return value;
    }
    if (fallback !== undefined) return fallback;
    context.issues.push({
      path: context.locate(path),
      message: `environment variable \`${name}\` is not set (write \`\${${name}:-default}\` to give a default)`,
    });
    return '';
  });
}

function resolveRef(
  ref: SecretRef,
  path: readonly PathSegment[],
  context: ResolveSecretsContext,
): Promise<string | undefined> {
  return resolveCredential(ref.name, path, context, '!secret');
}

/**
 * Ask the resolver for `name`. Pushes an issue naming the credential and the path when it
 * has no value or throws; the resolver's own message is kept out (it may hold a value).
 */
export async function resolveCredential(
  name: string,
  path: readonly PathSegment[],
  context: Pick<ResolveSecretsContext, 'resolver' | 'locate' | 'secrets' | 'issues'>,
  how: '!secret' | 'credentials',
): Promise<string | undefined> {
  let value: string | undefined;
  let failed = false;
  try {
    value = await context.resolver.resolve(name);
  } catch {
    failed = true;
  }
  if (typeof value === 'string' && value !== '') {
    context.secrets.add(value);
    return value;
  }
  const what = how === '!secret' ? `\`!secret ${name}\`` : `\`credentials: ${name}\``;
  let message: string;
  if (failed) message = `${what} could not be resolved: the credential resolver threw`;
  else {
    const why =
      context.resolver.describeMissing?.(name) ??
      `the credential resolver returned nothing for \`${name}\``;
    message = `${what} has no value: ${why}`;
  }
  context.issues.push({ path: context.locate(path), message });
  return undefined;
}

async function readSecretFile(
  file: unknown,
  path: readonly PathSegment[],
  context: ResolveSecretsContext,
): Promise<string | undefined> {
  const key = String(path[path.length - 1]);
  if (typeof file !== 'string' || file.trim() === '') {
    context.issues.push({
      path: context.locate(path),
      message: `\`${key}\` must be the path of a file holding the secret`,
    });
    return undefined;
  }
  const absolute = resolvePath(context.baseDir, file);
  try {
    const content = (await readFile(absolute, 'utf8')).trim();
    if (content === '') {
      context.issues.push({ path: context.locate(path), message: `the file ${absolute} is empty` });
      return undefined;
    }
    context.secrets.add(content);
    return content;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    context.issues.push({
      path: context.locate(path),
      message: `cannot read the file ${absolute} (${code})`,
    });
    return undefined;
  }
}
