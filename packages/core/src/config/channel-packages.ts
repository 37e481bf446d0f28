/**
 * The one table core keeps about channels: which package provides each type a config
 * file may name without registering it in code. The package is imported on demand and
 * brings everything else (schema, secrets, factory) in its `channelDefinition` export.
 * A type not listed here is passed in code: `loadConfig(path, { definitions: [...] })`.
 */
export const CHANNEL_PACKAGES: Readonly<Record<string, string>> = {
  slack: '@tocsin/slack',
  webhook: '@tocsin/webhook',
  email: '@tocsin/email',
  resend: '@tocsin/resend',
};
