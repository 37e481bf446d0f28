import type { AnyChannelDefinition } from '../channel-definition.js';
import type { ConfigIssue } from '../errors/config-error.js';
import { redact } from '../redact.js';
import { urlSecrets } from '../url-secrets.js';
import type { PathSegment } from './config-path.js';
import { didYouMean } from './did-you-mean.js';
import type { ChannelPackages } from './find-definitions.js';
import { isPlainObject } from './merge-layers.js';

/** Where the options a channel URL stood for are kept on its instance, out of the schema's sight. */
export const URL_OPTIONS: unique symbol = Symbol('tocsin.urlOptions');

/** Query keys every channel has: core takes them off a URL before the channel reads it. */
const COMMON_QUERY_KEYS = ['min_level', 'name', 'timeout', 'max_retries', 'repeat_interval'];

export interface ChannelUrlContext {
  readonly code: ReadonlyMap<string, AnyChannelDefinition>;
  readonly packages: ChannelPackages;
  locate(path: readonly PathSegment[]): string;
  /** Every part of each URL is added here, so no message can show it. */
  readonly secrets: Set<string>;
  readonly issues: ConfigIssue[];
}

/**
 * Turn each channel written as one URL (`ops: { url: <scheme>://…, min_level: warning }`,
 * no `type`) into an instance of the type whose definition claims the scheme: `type` set,
 * the common query keys (`min_level`, `name`, ...) moved onto the instance, and the
 * options `fromUrl` read kept under `URL_OPTIONS`. Problems go to `context.issues` at the
 * channel's `url`, never with a part of the URL in them.
 */
export async function expandChannelUrls(
  channels: Record<string, unknown>,
  context: ChannelUrlContext,
): Promise<void> {
  let schemes: Map<string, string> | undefined;
  for (const [key, instance] of Object.entries(channels)) {
    if (!isPlainObject(instance) || instance.type !== undefined || instance.url === undefined)
      continue;
    const at = context.locate(['channels', key, 'url']);
    // A channel whose URL cannot be read is reported here only (not also for its `type`).
    const fail = (message: string) => {
      context.issues.push({ path: at, message });
      delete channels[key];
    };
    if (typeof instance.url !== 'string') {
      fail('expected a channel URL (<scheme>://…) as a string, or give the channel a `type`');
      continue;
    }
    let url: URL;
    try {
      url = new URL(instance.url);
    } catch {
      fail('expected a channel URL such as <scheme>://…: this is not a URL');
      continue;
    }
    for (const part of [instance.url, ...urlSecrets(url)]) context.secrets.add(part);
    const scheme = url.protocol.slice(0, -1).toLowerCase();
    schemes ??= await knownSchemes(context);
    const type = schemes.get(scheme);
    if (type === undefined) {
      const known = [...schemes.keys()];
      const guess = didYouMean(scheme, known);
      fail(
        `no installed channel reads ${scheme}:// URLs${guess === undefined ? '' : `; did you mean ${guess}://?`}${known.length > 0 ? ` (known schemes: ${known.join(', ')})` : ''}`,
      );
      continue;
    }
    const definition = await definitionOf(type, context);
    if (definition?.fromUrl === undefined) {
      fail(`the ${type} channel cannot be written as a URL`);
      continue;
    }
    const common: Record<string, unknown> = {};
    for (const name of COMMON_QUERY_KEYS) {
      const value = url.searchParams.get(name);
      if (value === null) continue;
      url.searchParams.delete(name);
      common[name] = name === 'max_retries' && /^\d+$/.test(value) ? Number(value) : value;
    }
    let options: Record<string, unknown>;
    try {
      options = definition.fromUrl(url);
    } catch (error) {
      const secrets = [...context.secrets].sort((a, b) => b.length - a.length);
      const said = redact(String((error as Error)?.message ?? error), secrets);
      fail(`${scheme}:// URL: ${said}`);
      continue;
    }
    const { url: _url, ...rest } = instance;
    channels[key] = { ...common, ...rest, type, [URL_OPTIONS]: options };
  }
}

/** Which type reads each scheme: the definitions given in code, then the installed packages. */
async function knownSchemes(context: ChannelUrlContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const definition of context.code.values())
    for (const scheme of definition.schemes ?? []) out.set(scheme, definition.type);
  for (const [scheme, type] of await context.packages.schemes())
    if (!out.has(scheme)) out.set(scheme, type);
  return out;
}

async function definitionOf(
  type: string,
  context: ChannelUrlContext,
): Promise<AnyChannelDefinition | undefined> {
  const given = context.code.get(type);
  if (given !== undefined) return given;
  const module = await context.packages.load(`@tocsin/${type}`).catch(() => undefined);
  return module?.channelDefinition as AnyChannelDefinition | undefined;
}
