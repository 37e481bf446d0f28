import { existsSync } from 'node:fs';

/** A system program some tests need (Debian's redis-server, prometheus-alertmanager, chromium). */
export interface SystemBinary {
  /** Its name in messages: `redis-server`. */
  readonly name: string;
  /** Where it is, or `undefined` when absent (the tests that need it then skip, or fail in CI). */
  readonly path: string | undefined;
  /** Why it is missing and how to install it, for a skip message or a CI failure. */
  readonly missing: string;
}

/**
 * Looks for a system program at `paths` (the first that exists wins; an environment
 * variable may name another). Without it, tests skip and say so on stderr, but with
 * `CI=true` its absence must fail: `.ci/run` installs it, and a silent skip there would
 * hide a suite that never ran. Use it as
 * `describe.skipIf(!redis.path)(...)` plus `failInCiWhenMissing(redis, 'the Redis tests')`
 * (from `@tocsin/test-kit/vitest`) at the top level.
 */
export function systemBinary(options: {
  /** Shown in messages: `redis-server`. */
  readonly name: string;
  readonly paths: readonly string[];
  /** An environment variable that points at the binary instead. */
  readonly env?: string;
  /** The Debian package that provides it. */
  readonly debianPackage: string;
}): SystemBinary {
  const fromEnv = options.env ? process.env[options.env] : undefined;
  const candidates = fromEnv ? [fromEnv] : options.paths;
  const path = candidates.find((candidate) => existsSync(candidate));
  const where = candidates.join(' or ');
  const hint = `install it with \`apt-get update && apt-get install -y ${options.debianPackage}\`${
    options.env ? `, or point ${options.env} at the binary` : ''
  }`;
  return {
    name: options.name,
    path,
    missing: `${options.name} was not found at ${where}; ${hint}`,
  };
}

/**
 * Whether tests needing `binary` must fail rather than skip: true under `CI=true` when it
 * is missing. Prints the skip reason otherwise, so a local run says plainly what it left out.
 */
export function mustFailForMissing(binary: SystemBinary, skipped: string): boolean {
  if (binary.path) return false;
  if (process.env.CI === 'true') return true;
  console.warn(`skipped: ${skipped} (${binary.missing}).`);
  return false;
}
