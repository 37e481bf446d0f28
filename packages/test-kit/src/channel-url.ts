import type { AnyChannelDefinition } from '@tocsin/core';
import { shownText } from './shown-text.js';

/** The options `definition.fromUrl` reads from `url` (a `<scheme>://...` channel URL). */
export function optionsFromUrl(
  definition: AnyChannelDefinition,
  url: string,
): Record<string, unknown> {
  if (definition.fromUrl === undefined)
    throw new Error(`the ${definition.type} definition reads no URLs (no fromUrl)`);
  return definition.fromUrl(new URL(url));
}

/**
 * The message `definition.fromUrl` refuses `url` with. Throws, failing the test, when it reads
 * the URL instead, or when the error shows one of `secrets` in any form a person could see.
 */
export function urlRefusal(
  definition: AnyChannelDefinition,
  url: string,
  secrets: readonly string[],
): string {
  let error: unknown;
  try {
    optionsFromUrl(definition, url);
  } catch (thrown) {
    error = thrown;
  }
  if (!(error instanceof Error)) throw new Error(`expected ${definition.type} to refuse a URL`);
  const shown = shownText(error);
  const leaked = secrets.findIndex((secret) => shown.includes(secret));
  if (leaked >= 0) throw new Error(`the refusal of a URL shows secrets[${leaked}]`);
  return error.message;
}
