// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { type TempDir, tempDir } from './fixtures/temp-dir.js';
import { chatDefinition, hookDefinition } from './fixtures/test-definitions.js';
import { loadConfig } from './load-config.js';
import { maskConfig } from './tocsin-config.js';

// A channel as one URL: `url: ${CHAT_URL}` in a file, or TOCSIN_CHANNELS with no file.

const TOKEN = 'Zq8TokenSecret42';
const definitions = [chatDefinition, hookDefinition];
const dirs: TempDir[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
});

async function issuesOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect(String((error as Error).message)).not.toContain(TOKEN);
  return (error as ConfigError).issues;
}

describe('a channel written as a URL in the config', () => {
  it('becomes a channel of the type that reads the scheme, with the common keys from the query', async () => {
    const config = await loadConfig(
      {
        alerts: {
          channels: {
            ops: { url: '${CHAT_URL}', max_retries: 1 },
            plain: { url: `chat+http://127.0.0.1:9/${TOKEN}` },
          },
        },
      },
      {
        definitions,
        env: {
          CHAT_URL: `chat://chat.example.com/${TOKEN}?icon=:fire:&min_level=warning&name=oncall`,
        },
      },
    );
    expect(config.channels.ops).toMatchObject({
      type: 'chat',
      name: 'oncall',
      minLevel: 20,
      maxRetries: 1,
      options: { webhookUrl: `https://chat.example.com/hooks/${TOKEN}`, iconEmoji: ':fire:' },
    });
    expect(config.channels.plain?.options).toMatchObject({
      webhookUrl: `http://127.0.0.1:9/hooks/${TOKEN}`,
      allowInsecureHttp: true,
    });
    expect(JSON.stringify(maskConfig(config))).not.toContain(TOKEN);
  });

  it('names what is wrong at the url, never a part of it', async () => {
    const issues = await issuesOf(
      loadConfig(
        {
          alerts: {
            channels: {
              a: { url: `chta://h/${TOKEN}` },
              b: { url: `chat://h/${TOKEN}!` },
              c: { url: 'not a url' },
              d: { url: `chat+http://h/${TOKEN}?colour=red` },
              e: { url: `hook://h/${TOKEN}` },
            },
          },
        },
        { definitions },
      ),
    );
    expect(issues).toEqual([
      {
        path: 'alerts.channels.a.url',
        message:
          'no installed channel reads chta:// URLs; did you mean chat://? (known schemes: chat, chat+http)',
      },
      {
        path: 'alerts.channels.b.url',
        message: 'chat:// URL: the path: expected /<token> of 8 letters or digits, not ***',
      },
      {
        path: 'alerts.channels.c.url',
        message: 'expected a channel URL such as <scheme>://…: this is not a URL',
      },
      { path: 'alerts.channels.d.url', message: 'chat+http:// URL: the query: only icon is known' },
      {
        path: 'alerts.channels.e.url',
        message: 'no installed channel reads hook:// URLs (known schemes: chat, chat+http)',
      },
    ]);
  });

  it('an option the URL gave that the schema refuses is reported at the url', async () => {
    const issues = await issuesOf(
      loadConfig(
        { alerts: { channels: { ops: { url: `chat://h/${TOKEN}?icon=`, icon_emoji: 5 } } } },
        { definitions },
      ),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['alerts.channels.ops.icon_emoji']);
    const fromUrl = await issuesOf(
      loadConfig(
        { alerts: { channels: { ops: { url: `chat://h/${TOKEN}?icon=${'x'.repeat(30)}` } } } },
        { definitions },
      ),
    );
    expect(fromUrl).toEqual([
      { path: 'alerts.channels.ops.url (icon_emoji)', message: 'expected at most 20 characters' },
    ]);
  });
});

describe('TOCSIN_CHANNELS', () => {
  it('defines channels with no config file at all', async () => {
    const dir = await tempDir({ 'readme.txt': 'no config here' });
    dirs.push(dir);
    const config = await loadConfig(undefined, {
      cwd: dir.path,
      definitions,
      env: {
        TOCSIN_CHANNELS: ` chat://a.example.com/${TOKEN}?min_level=critical\n chat://b.example.com/${TOKEN}x  chat://c.example.com/${TOKEN}?name=pager `,
      },
    });
    expect(config.file).toBeUndefined();
    expect(Object.keys(config.channels)).toEqual(['chat', 'chat-2', 'pager']);
    expect(config.channels.chat?.minLevel).toBe(30);
    expect(config.channels['chat-2']?.options.webhookUrl).toBe(
      `https://b.example.com/hooks/${TOKEN}x`,
    );
  });

  it('adds to a config file, next to its channels; a bad URL is named by its place', async () => {
    const file = {
      alerts: { channels: { chat: { type: 'chat', webhook_url: 'https://x.example.com/h' } } },
    };
    const config = await loadConfig(file, {
      definitions,
      env: { TOCSIN_CHANNELS: `chat://a.example.com/${TOKEN}` },
    });
    expect(Object.keys(config.channels)).toEqual(['chat', 'chat-2']);
    const issues = await issuesOf(
      loadConfig(file, {
        definitions,
        env: {
          TOCSIN_CHANNELS: `chat://a.example.com/${TOKEN} chat://b.example.com/${TOKEN}?bad=1`,
        },
      }),
    );
    expect(issues).toEqual([
      {
        path: 'TOCSIN_CHANNELS[1].channels.chat-3.url',
        message: 'chat:// URL: the query: only icon is known',
      },
    ]);
  });
});
