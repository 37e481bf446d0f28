// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import type { ScalarTag } from 'yaml';
import { ConfigError } from '../errors/config-error.js';
import { SecretRef } from './secret-ref.js';

/** `!secret NAME`: the value comes from the credential resolver (the environment by default). */
const secretTag: ScalarTag = {
  tag: '!secret',
  identify: (value) => value instanceof SecretRef,
  resolve(name: string, onError: (message: string) => void) {
    const trimmed = name.trim();
    if (!/^[A-Za-z_][\w./:-]*$/.test(trimmed)) {
      onError('`!secret` must be followed by a credential name such as MAIL_PASSWORD');
      return '';
    }
    return new SecretRef(trimmed);
  },
  stringify: (item) => String((item.value as SecretRef).name),
};

/** The largest config file read: a config is a page of settings, not a data set. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Aliases (`*name`) a YAML config may expand: a billion-laughs file needs far more. */
const MAX_ALIASES = 100;

/** A config file over `MAX_CONFIG_BYTES` is refused before it is parsed. */
export function checkConfigSize(filepath: string, content: string): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError('The config file is too large', {
      file: filepath,
      issues: [
        {
          path: '',
          message: `${bytes} bytes, above the limit of ${MAX_CONFIG_BYTES} (1 MB): a config holds settings; keep data elsewhere`,
        },
      ],
    });
  }
}

/**
 * YAML 1.2 (core schema) with the `!secret` tag and `<<` merge keys. Parse errors name the
 * file, line and column, never the text on that line (it may hold a secret). Loading is
 * linear in the file's size: duplicate keys are found with one set per mapping (the
 * parser's own check compares every pair of keys: 31 s for 2.2 MB).
 */
export async function loadYaml(filepath: string, content: string): Promise<unknown> {
  checkConfigSize(filepath, content);
  // Loaded on first use: importing @tocsin/core stays cheap for apps that configure in code.
  const { isMap, isScalar, LineCounter, parseDocument, visit } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, {
    lineCounter,
    customTags: [secretTag],
    merge: true,
    uniqueKeys: false,
    prettyErrors: false,
  });
  const duplicates: Array<{ code: string; message: string; pos: [number] }> = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (key === '<<') continue;
        if (seen.has(key)) {
          const pos: [number] = [isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0];
          duplicates.push({ code: 'DUPLICATE_KEY', message: 'duplicate key', pos });
        }
        seen.add(key);
      }
    },
  });
  const problems = [
    ...doc.errors,
    ...duplicates,
    ...doc.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED'),
  ];
  if (problems.length > 0) {
    // The first few: after one real mistake the parser's later complaints are mostly echoes.
    const issues = problems.slice(0, 3).map((problem) => ({
      path: where(lineCounter.linePos(problem.pos[0])),
      message: yamlMessage(problem.code, problem.message),
    }));
    if (problems.length > 3)
      issues.push({
        path: '',
        message: `and ${problems.length - 3} more parse errors after these`,
      });
    const firstLine =
      content.split('\n')[lineCounter.linePos(problems[0]?.pos[0] ?? 0).line - 1] ?? '';
    if (/\{[^}]*\$\{/.test(firstLine)) {
      issues.push({
        path: '',
        message:
          'inside a flow mapping `{ ... }`, quote a `${VAR}` ("${VAR}"): YAML reads its braces as the mapping\'s',
      });
    }
    throw new ConfigError('Cannot parse the YAML', { file: filepath, issues });
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (/alias/i.test(String((error as Error)?.message))) {
      throw new ConfigError('Cannot load the YAML', {
        file: filepath,
        issues: [
          {
            path: '',
            message: `alias expansion: the file's aliases (*name) would expand past ${MAX_ALIASES} copies, as in a "billion laughs" file; write the values out, or use fewer aliases`,
          },
        ],
      });
    }
    throw error;
  }
}

function where(position: { line: number; col: number }): string {
  return `line ${position.line}, column ${position.col}`;
}

function yamlMessage(code: string, message: string): string {
  if (code === 'TAG_RESOLVE_FAILED') {
    const tag = /!\S+/.exec(message)?.[0];
    return `unknown tag${tag ? ` ${tag}` : ''}; the one custom tag is !secret NAME`;
  }
  if (code === 'DUPLICATE_KEY') return 'a key appears twice in the same mapping';
  // The first line only: later lines quote the source.
  return (message.split('\n')[0] ?? message)
    .replace(/ at line \d+, column \d+.*$/, '')
    .slice(0, 200);
}

/**
 * JSON, with errors that give line and column but, unlike JSON.parse's, never quote the
 * text (it may hold a secret).
 */
export function loadJson(filepath: string, content: string): unknown {
  checkConfigSize(filepath, content);
  try {
    return JSON.parse(content);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    let where = '';
    if (position) {
      const before = content.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const col = Number(position[1]) - before.lastIndexOf('\n');
      where = `line ${line}, column ${col}`;
    }
    throw new ConfigError('Cannot parse the JSON', {
      file: filepath,
      issues: [{ path: where, message: 'invalid JSON syntax' }],
    });
  }
}

/**
 * `.js`, `.mjs`, `.cjs`: the module's default export (or `module.exports`). A function is
 * called (it may be async) and its result used.
 */
export async function loadJs(filepath: string, content: string): Promise<unknown> {
  try {
    const { defaultLoaders } = await import('cosmiconfig');
    return await defaultLoaders['.js'](filepath, content);
  } catch (error) {
    throw moduleError(filepath, error);
  }
}

/**
 * A TypeScript config. Where Node strips types itself (22.18+, 23.6+, 24), it is imported
 * directly; otherwise, or for syntax Node cannot strip (enums), jiti compiles it. Neither
 * uses the application's own `typescript` package, whose JavaScript API may be missing
 * (TypeScript 7) or of any version.
 */
export async function loadTs(filepath: string, content: string): Promise<unknown> {
  const features = process.features as { typescript?: string | false };
  if (features.typescript) {
    const { defaultLoaders } = await import('cosmiconfig');
    try {
      return await defaultLoaders['.js'](filepath, content);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (
        code !== 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' &&
        code !== 'ERR_INVALID_TYPESCRIPT_SYNTAX'
      ) {
        throw moduleError(filepath, error);
      }
    }
  }
  const { createJiti } = await import('jiti');
  const jiti = createJiti(filepath, { moduleCache: false, fsCache: false });
  try {
    return await jiti.import(filepath, { default: true });
  } catch (error) {
    throw moduleError(filepath, error);
  }
}

function moduleError(filepath: string, error: unknown): ConfigError {
  const first = String((error as Error)?.message ?? error).split('\n')[0] ?? '';
  return new ConfigError('Cannot load the config module', {
    file: filepath,
    issues: [{ path: '', message: first.slice(0, 300) }],
    cause: error,
  });
}
