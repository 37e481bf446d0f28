// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../errors/config-error.js';
import { memoryLogger, type TempDir, tempDir } from './fixtures/temp-dir.js';
import { testDefinitions } from './fixtures/test-definitions.js';
import { loadConfig as load } from './load-config.js';
import { maskConfig, type TocsinConfig } from './tocsin-config.js';

/** Core's loader with the test channel types (core cannot import the channel packages). */
const loadConfig = (source?: string | object, options: Parameters<typeof load>[1] = {}) =>
  load(source, { definitions: testDefinitions, ...options });

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});
async function dir(files: Record<string, string>): Promise<TempDir> {
  const created = await tempDir(files);
  dirs.push(created);
  return created;
}

/** The same config in every form. Secrets come from the environment so each form is plain data. */
const CONTENT = {
  alerts: {
    throttle: { rate: 20, per: '2m', burst: 4 },
    channels: {
      timeout: '15s',
      max_retries: 1,
      'ops-slack': { type: 'chat', webhook_url: '${SLACK_URL}', min_level: 'warning' },
      oncall: {
        type: 'mail',
        transport: {
          host: 'smtp.example.com',
          port: 587,
          username: 'alerts',
          password: '${SMTP_PASSWORD}',
        },
        from: 'alerts@example.com',
        recipients: ['oncall@example.com'],
        min_level: 'critical',
        throttle: { rate: 3 },
      },
    },
    presets: { prod: { throttle: { rate: 10, per: 60, burst: 3 } } },
  },
};
const ENV = {
  SLACK_URL: 'https://hooks.slack.com/services/T1/B2/slacksecret',
  SMTP_PASSWORD: 'smtp-password-123',
};
const json = JSON.stringify(CONTENT, null, 2);

/** The loaded config minus where it came from, for comparing forms. */
function comparable(config: TocsinConfig): Record<string, unknown> {
  const { file: _file, ...rest } = maskConfig(config);
  return {
    ...rest,
    options: Object.fromEntries(
      Object.entries(config.channels).map(([key, c]) => [key, c.options]),
    ),
  };
}

describe('loadConfig: file forms', () => {
  const forms: Array<[string, Record<string, string>]> = [
    ['tocsin.config.yaml', { 'tocsin.config.yaml': stringify(CONTENT) }],
    ['tocsin.config.yml', { 'tocsin.config.yml': stringify(CONTENT) }],
    ['tocsin.config.json', { 'tocsin.config.json': json }],
    [
      'tocsin.config.js (ESM package)',
      { 'package.json': '{"type":"module"}', 'tocsin.config.js': `export default ${json};\n` },
    ],
    ['tocsin.config.js (CommonJS)', { 'tocsin.config.js': `module.exports = ${json};\n` }],
    ['tocsin.config.mjs', { 'tocsin.config.mjs': `export default ${json};\n` }],
    ['tocsin.config.cjs', { 'tocsin.config.cjs': `module.exports = ${json};\n` }],
    [
      'tocsin.config.ts',
      {
        'tocsin.config.ts': `interface Shape { alerts: Record<string, unknown> }\nconst config: Shape = ${json};\nexport default config;\n`,
      },
    ],
    ['package.json#tocsin', { 'package.json': JSON.stringify({ name: 'app', tocsin: CONTENT }) }],
    ['.tocsinrc (YAML)', { '.tocsinrc': stringify(CONTENT) }],
    ['.tocsinrc (JSON)', { '.tocsinrc': json }],
    ['.tocsinrc.json', { '.tocsinrc.json': json }],
    ['.tocsinrc.yaml', { '.tocsinrc.yaml': stringify(CONTENT) }],
    ['.tocsinrc.cjs', { '.tocsinrc.cjs': `module.exports = ${json};\n` }],
    ['.tocsinrc.mjs', { '.tocsinrc.mjs': `export default ${json};\n` }],
    ['.tocsinrc.ts', { '.tocsinrc.ts': `export default ${json} satisfies { alerts: object };\n` }],
    ['a function export', { 'tocsin.config.mjs': `export default async () => (${json});\n` }],
  ];

  it('loads every form to the same result', async () => {
    const reference = comparable(await loadConfig(CONTENT, { env: ENV }));
    expect(reference.throttle).toEqual({ rate: 20, per: 120, burst: 4, shared: false });
    for (const [label, files] of forms) {
      const d = await dir(files);
      const config = await loadConfig(undefined, { cwd: d.path, env: ENV });
      expect(config.file, label).toMatch(/(tocsin\.config\.\w+|\.tocsinrc(\.\w+)?|package\.json)$/);
      expect(comparable(config), label).toEqual(reference);
    }
  });

  it('finds the file from a subdirectory, up to the project root', async () => {
    const d = await dir({
      'package.json': '{"name":"app"}',
      'tocsin.config.yaml': stringify(CONTENT),
      'src/deep/x.txt': '',
    });
    const config = await loadConfig(undefined, { cwd: d.file('src/deep'), env: ENV });
    expect(config.file).toBe(d.file('tocsin.config.yaml'));
  });

  it('loads an explicit path, relative to cwd, whatever its name', async () => {
    const d = await dir({
      'conf/kstlib.conf.yml': stringify(CONTENT),
      'conf/alerts': stringify(CONTENT),
    });
    expect((await loadConfig('conf/kstlib.conf.yml', { cwd: d.path, env: ENV })).file).toBe(
      d.file('conf/kstlib.conf.yml'),
    );
    // No extension: read as YAML (which JSON is too).
    expect(
      comparable(await loadConfig(d.file('conf/alerts'), { env: ENV })).throttle,
    ).toMatchObject({ rate: 20 });
  });

  it('says where it looked when there is no config', async () => {
    const d = await dir({ 'package.json': '{"name":"app"}' });
    const error = await loadConfig(undefined, { cwd: d.path }).catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`No Tocsin config found from ${d.path}`);
    expect((error as Error).message).toContain('tocsin.config.yaml');
  });

  it('names a missing explicit file, an empty file and an unknown extension', async () => {
    const d = await dir({ 'empty.yaml': '  \n', 'alerts.toml': 'x = 1' });
    await expect(loadConfig('nope.yaml', { cwd: d.path })).rejects.toThrow(
      `Config file not found in ${d.file('nope.yaml')}`,
    );
    await expect(loadConfig('empty.yaml', { cwd: d.path })).rejects.toThrow(
      /empty in .*empty\.yaml\n {2}- alerts: missing/,
    );
    await expect(loadConfig('alerts.toml', { cwd: d.path })).rejects.toThrow(
      /Unknown config file extension in .*alerts\.toml/,
    );
  });

  it('reports YAML and JSON syntax errors by line without quoting the text', async () => {
    const d = await dir({
      'bad.yaml':
        'alerts:\n  channels:\n    x: { type: chat, webhook_url: "https://hooks.example/yamlsecret" \n',
      'bad.json': '{\n  "alerts": { "channels": { "password": "jsonsecret-42" } \n}',
    });
    const yamlError = (await loadConfig('bad.yaml', { cwd: d.path }).catch(
      (e: unknown) => e,
    )) as ConfigError;
    expect(yamlError.message).toMatch(
      /Cannot parse the YAML in .*bad\.yaml\n {2}- line \d+, column \d+: /,
    );
    expect(yamlError.message).not.toContain('yamlsecret');
    const jsonError = (await loadConfig('bad.json', { cwd: d.path }).catch(
      (e: unknown) => e,
    )) as ConfigError;
    expect(jsonError.message).toMatch(
      /Cannot parse the JSON in .*bad\.json\n {2}- line 3, column \d+: invalid JSON syntax/,
    );
    expect(jsonError.message).not.toContain('jsonsecret');
  });

  it('explains an unquoted ${VAR} inside a flow mapping, and stops after a few parse errors', async () => {
    const d = await dir({
      'tocsin.config.yaml':
        'alerts:\n  channels:\n    ops: { type: chat, webhook_url: ${SLACK_URL} }\n    b: { type: hook, url: ${HOOK} }\n',
    });
    const error = (await loadConfig(undefined, { cwd: d.path }).catch(
      (e: unknown) => e,
    )) as ConfigError;
    expect(error.issues.length).toBeLessThanOrEqual(5);
    expect(error.message).toContain('inside a flow mapping `{ ... }`, quote a `${VAR}` ("${VAR}")');
  });

  it('rejects a module that throws, naming the file', async () => {
    const d = await dir({ 'tocsin.config.mjs': 'throw new Error("boom in config");\n' });
    await expect(loadConfig(undefined, { cwd: d.path })).rejects.toThrow(
      /Cannot load the config module in .*tocsin\.config\.mjs\n {2}- \(root\): boom in config/,
    );
  });
});

describe('loadConfig: the kstlib layout', () => {
  it('loads the kstlib `alerts:` example unchanged', async () => {
    const d = await dir({ 'kstlib.conf.yml': await fixture('kstlib-alerts.yaml') });
    const config = await loadConfig('kstlib.conf.yml', { cwd: d.path, env: {} });
    expect(config.throttle).toEqual({ rate: 10, per: 60, burst: 5, shared: false });
    expect(config.defaults).toEqual({ timeout: 30, maxRetries: 2 });
    expect(config.presets).toEqual(['dev', 'prod']);
    expect(config.preset).toBeUndefined();
    expect(config.channels).toEqual({});
  });

  it('applies the prod preset: rate 10, per 60, burst 3; dev: 100, 60, 20', async () => {
    const d = await dir({ 'kstlib.conf.yml': await fixture('kstlib-alerts.yaml') });
    const prod = await loadConfig('kstlib.conf.yml', { cwd: d.path, env: {}, preset: 'prod' });
    expect(prod.preset).toBe('prod');
    expect(prod.throttle).toEqual({ rate: 10, per: 60, burst: 3, shared: false });
    const dev = await loadConfig('kstlib.conf.yml', { cwd: d.path, env: { TOCSIN_PRESET: 'dev' } });
    expect(dev.preset).toBe('dev');
    expect(dev.throttle).toEqual({ rate: 100, per: 60, burst: 20, shared: false });
  });
});

describe('loadConfig: precedence', () => {
  const file = {
    alerts: {
      throttle: { rate: 50, per: 60 },
      channels: {
        timeout: 20,
        a: { type: 'hook', url: 'https://example.com/hook', min_level: 'warning' },
        b: { type: 'hook', url: 'https://example.com/other' },
      },
      presets: {
        strict: {
          throttle: { rate: 5 },
          channels: { max_retries: 4, a: { min_level: 'critical' }, b: { enabled: false } },
        },
      },
    },
  };

  it('fills what nobody set with the built-in defaults', async () => {
    const config = await loadConfig({
      alerts: { channels: { a: { type: 'hook', url: 'https://example.com/hook' } } },
    });
    expect(config.throttle).toEqual({ rate: 10, per: 60, burst: 10, shared: false });
    expect(config.defaults).toEqual({ timeout: 30, maxRetries: 2 });
    expect(config.channels.a).toMatchObject({
      minLevel: 10,
      timeout: 30,
      maxRetries: 2,
      enabled: true,
      name: undefined,
    });
  });

  it('layers defaults < file < preset < code options', async () => {
    const base = await loadConfig(file, { env: {} });
    expect(base.throttle).toEqual({ rate: 50, per: 60, burst: 50, shared: false });
    expect(base.channels.a).toMatchObject({ minLevel: 20, timeout: 20, maxRetries: 2 });

    const preset = await loadConfig(file, { env: {}, preset: 'strict' });
    expect(preset.throttle).toEqual({ rate: 5, per: 60, burst: 5, shared: false });
    expect(preset.channels.a).toMatchObject({ minLevel: 30, timeout: 20, maxRetries: 4 });
    expect(preset.channels.b?.enabled).toBe(false);

    const code = await loadConfig(file, {
      env: {},
      preset: 'strict',
      overrides: {
        throttle: { rate: 7, burst: 2 },
        maxRetries: 1,
        channels: { a: { minLevel: 'error', timeout: '45s' } },
      },
    });
    expect(code.throttle).toEqual({ rate: 7, per: 60, burst: 2, shared: false });
    expect(code.channels.a).toMatchObject({ minLevel: 25, timeout: 45, maxRetries: 1 });
  });

  it('prefers the preset option over TOCSIN_PRESET', async () => {
    const config = await loadConfig(
      { alerts: { presets: { a: { throttle: { rate: 1 } }, b: { throttle: { rate: 2 } } } } },
      { env: { TOCSIN_PRESET: 'a' }, preset: 'b' },
    );
    expect(config.preset).toBe('b');
    expect(config.throttle).toMatchObject({ rate: 2 });
  });

  it('lets a preset remove a key with null', async () => {
    const config = await loadConfig(
      {
        alerts: {
          channels: { timeout: 90 },
          presets: { p: { channels: { timeout: null } } },
        },
      },
      { preset: 'p' },
    );
    expect(config.defaults.timeout).toBe(30);
  });

  it('clamps out-of-range values with a warning naming the path and file, then the limits hold', async () => {
    const d = await dir({
      'tocsin.config.yaml':
        'alerts:\n  throttle: { rate: 0, per: 2d, burst: 9 }\n  channels:\n    timeout: 500\n    max_retries: 9\n',
    });
    const logger = memoryLogger();
    const config = await loadConfig(undefined, { cwd: d.path, logger });
    expect(config.throttle).toEqual({ rate: 1, per: 86_400, burst: 1, shared: false });
    expect(config.defaults).toEqual({ timeout: 120, maxRetries: 5 });
    const file = d.file('tocsin.config.yaml');
    expect(logger.warnings).toEqual([
      `throttle.rate 0 (from alerts.throttle.rate in ${file}) is below the minimum 1; using 1`,
      `throttle.per 172800 (from alerts.throttle.per in ${file}) is above the maximum 86400; using 86400`,
      `throttle.burst 9 (from alerts.throttle.burst in ${file}) is above the maximum 1; using 1`,
      `channel.timeout 500 (from alerts.channels.timeout in ${file}) is above the maximum 120; using 120`,
      `channel.max_retries 9 (from alerts.channels.max_retries in ${file}) is above the maximum 5; using 5`,
    ]);
  });

  it('names the preset in the warning when the preset set the value', async () => {
    const logger = memoryLogger();
    await loadConfig(
      { alerts: { presets: { loud: { throttle: { rate: 5000 } } } } },
      { preset: 'loud', logger },
    );
    expect(logger.warnings).toEqual([
      'throttle.rate 5000 (from alerts.presets.loud.throttle.rate in the config object) is above the maximum 1000; using 1000',
    ]);
  });
});

describe('loadConfig: throttles', () => {
  const channel = (extra: object) => ({ type: 'hook', url: 'https://example.com/h', ...extra });

  it('gives each channel its own bucket with the global settings by default', async () => {
    const config = await loadConfig({
      alerts: {
        throttle: { rate: 6, per: '1m', burst: 2 },
        channels: { a: channel({}), b: channel({}) },
      },
    });
    expect(config.channels.a?.throttle).toEqual({ rate: 6, per: 60, burst: 2 });
    expect(config.channels.b?.throttle).toEqual({ rate: 6, per: 60, burst: 2 });
  });

  it('shares one bucket when asked, globally or per channel; false turns it off', async () => {
    const shared = await loadConfig({
      alerts: {
        throttle: { rate: 6, shared: true },
        channels: { a: channel({}), b: channel({ throttle: false }) },
      },
    });
    expect(shared.throttle).toEqual({ rate: 6, per: 60, burst: 6, shared: true });
    expect(shared.channels.a?.throttle).toBe('shared');
    expect(shared.channels.b?.throttle).toBe(false);
    const one = await loadConfig({
      alerts: { channels: { a: channel({ throttle: 'shared' }), b: channel({}) } },
    });
    expect(one.channels.a?.throttle).toBe('shared');
    expect(one.channels.b?.throttle).toEqual({ rate: 10, per: 60, burst: 10 });
    const none = await loadConfig({ alerts: { throttle: false, channels: { a: channel({}) } } });
    expect(none.throttle).toBe(false);
    expect(none.channels.a?.throttle).toBe(false);
  });

  it('fills a channel bucket from the global settings; burst follows its own rate', async () => {
    const config = await loadConfig({
      alerts: {
        throttle: { rate: 20, per: 30, burst: 4 },
        channels: {
          a: channel({ throttle: { per: '5m' } }),
          b: channel({ throttle: { rate: 2 } }),
          c: channel({ throttle: { rate: 3, burst: 1 } }),
        },
      },
    });
    expect(config.channels.a?.throttle).toEqual({ rate: 20, per: 300, burst: 4 });
    expect(config.channels.b?.throttle).toEqual({ rate: 2, per: 30, burst: 2 });
    expect(config.channels.c?.throttle).toEqual({ rate: 3, per: 30, burst: 1 });
  });
});

describe('loadConfig: disabled channels', () => {
  const file = {
    alerts: {
      channels: {
        ops: { type: 'chat', webhook_url: '${PROD_HOOK}' },
        mail: {
          type: 'mail',
          enabled: '${MAIL_ON:-false}',
          transport: { password: '!secret never-asked' },
          from: 'a@example.com',
          to: ['b@example.com'],
        },
      },
      presets: { dev: { channels: { ops: { enabled: false } } } },
    },
  };

  it('does not resolve their secrets: a variable only production sets is no error in dev', async () => {
    const asked: string[] = [];
    const resolver = { resolve: (name: string) => void asked.push(name) };
    const config = await loadConfig(file, { env: {}, preset: 'dev', resolver });
    expect(config.channels.ops).toMatchObject({ enabled: false, options: {} });
    expect(config.channels.mail?.enabled).toBe(false);
    expect(asked).toEqual([]);
    await expect(loadConfig(file, { env: {} })).rejects.toThrow(
      'alerts.channels.ops.webhook_url: environment variable `PROD_HOOK` is not set',
    );
  });
});

describe('loadConfig: the result', () => {
  it('never shows secrets in JSON, inspect or maskConfig', async () => {
    const config = await loadConfig(CONTENT, { env: ENV });
    expect(config.channels['ops-slack']?.options.webhookUrl).toBe(ENV.SLACK_URL);
    for (const text of [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      JSON.stringify(maskConfig(config)),
    ]) {
      expect(text).not.toContain('slacksecret');
      expect(text).not.toContain(ENV.SMTP_PASSWORD);
      expect(text).toContain('https://hooks.slack.com/***/***/***/***');
    }
  });
});
