/**
 * Where `credentials: <name>` and `!secret <name>` get their values: the environment by
 * default, or anything that can answer by name (a vault client, SOPS, a secrets manager).
 * Throw, or return undefined, when the name is unknown. The error message reaches the
 * user (with values redacted); keep secrets out of it.
 */
export interface CredentialResolver {
  resolve(name: string): string | undefined | Promise<string | undefined>;
  /** Optional: why `name` has no value, for the error (`'the environment variable X is not set'`). */
  describeMissing?(name: string): string;
}

/**
 * The default resolver: the environment variable named `name`, else the same name upper
 * snake-cased (`chat_hook` -> `CHAT_HOOK`, `mail.password` -> `MAIL_PASSWORD`).
 * An empty variable counts as unset.
 */
export function envCredentialResolver(
  env: Readonly<Record<string, string | undefined>> = process.env,
): CredentialResolver {
  return {
    resolve(name) {
      for (const candidate of envNames(name)) {
        const value = env[candidate];
        if (value !== undefined && value !== '') return value;
      }
      return undefined;
    },
    describeMissing(name) {
      return `the environment variable ${envNames(name).join(' or ')} is not set`;
    },
  };
}

/** The variable names the env resolver tries for `name`, in order. */
export function envNames(name: string): string[] {
  const upper = name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  return upper === name ? [name] : [name, upper];
}
