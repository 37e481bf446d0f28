// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type TempDir, tempDir } from './fixtures/temp-dir.js';
import { testDefinitions } from './fixtures/test-definitions.js';
import { loadConfig as load } from './load-config.js';

/** Core's loader with the test channel types (core cannot import the channel packages). */
const loadConfig = (source?: string | object, options: Parameters<typeof load>[1] = {}) =>
  load(source, { definitions: testDefinitions, ...options });

import { maskConfig } from './tocsin-config.js';

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});

describe('secrets in a config', () => {
  it('reads ${VAR}, ${VAR:-default}, $${ and a variable inside a longer string', async () => {
    const config = await loadConfig(
      {
        alerts: {
          channels: {
            hook: {
              type: 'hook',
              url: 'https://${HOOK_HOST}/in?token=${HOOK_TOKEN}',
              headers: { 'x-note': 'literal $${NOT_A_VAR}', 'x-region': '${REGION:-eu-west-1}' },
              max_connections: '${HOOK_CONNECTIONS}',
            },
          },
        },
      },
      {
        env: {
          HOOK_HOST: 'hooks.example.com',
          HOOK_TOKEN: 'tok-123456',
          HOOK_CONNECTIONS: '4',
          REGION: '',
        },
      },
    );
    expect(config.channels.hook?.options).toEqual({
      url: 'https://hooks.example.com/in?token=tok-123456',
      headers: { 'x-note': 'literal ${NOT_A_VAR}', 'x-region': 'eu-west-1' },
      maxConnections: 4,
      method: 'POST',
      name: 'hook',
    });
  });

  it('reads !secret and credentials through the resolver, which may be async', async () => {
    const dir = await tempDir({
      'tocsin.config.yaml': [
        'alerts:',
        '  channels:',
        '    ops:',
        '      type: chat',
        '      credentials: slack/ops',
        '    mail:',
        '      type: mail',
        '      transport: { host: smtp.example.com, username: alerts, password: !secret smtp/password }',
        '      from: alerts@example.com',
        '      recipients: oncall@example.com',
        '    off:',
        '      type: chat',
        '      credentials: never/asked',
        '      enabled: false',
      ].join('\n'),
    });
    dirs.push(dir);
    const asked: string[] = [];
    const vault: Record<string, string> = {
      'slack/ops': 'https://hooks.slack.com/services/T1/B1/vaultsecret',
      'smtp/password': 'vault-smtp-password',
    };
    const config = await loadConfig(undefined, {
      cwd: dir.path,
      resolver: {
        async resolve(name) {
          asked.push(name);
          return vault[name];
        },
      },
    });
    expect(asked.sort()).toEqual(['slack/ops', 'smtp/password']);
    expect(config.channels.ops?.options.webhookUrl).toBe(vault['slack/ops']);
    expect(config.channels.mail?.options.transport).toEqual({
      host: 'smtp.example.com',
      username: 'alerts',
      password: 'vault-smtp-password',
    });
    const shown = JSON.stringify(maskConfig(config));
    expect(shown).not.toContain('vaultsecret');
    expect(shown).not.toContain('vault-smtp-password');
  });

  it('uses the environment as the default resolver, also upper snake-cased', async () => {
    const config = await loadConfig(
      {
        alerts: {
          channels: {
            r: {
              type: 'hook',
              credentials: 'resend.api-key',
            },
          },
        },
      },
      { env: { RESEND_API_KEY: 'https://example.com/from-env-999' } },
    );
    expect(config.channels.r?.options.url).toBe('https://example.com/from-env-999');
  });

  it('reads *_file entries relative to the config file, trimmed', async () => {
    const dir = await tempDir({
      'conf/tocsin.config.yaml': [
        'alerts:',
        '  channels:',
        '    ops: { type: chat, webhook_url_file: ../secrets/slack.txt }',
        '    mail:',
        '      type: mail',
        '      transport: { host: localhost, username: me, password_file: ABSOLUTE_PASS_FILE }',
        '      from: a@example.com',
        '      recipients: [b@example.com]',
      ].join('\n'),
      'secrets/slack.txt': '\n  https://hooks.slack.com/services/T1/B1/filesecret  \n',
    });
    dirs.push(dir);
    // An absolute path works too.
    const absolute = dir.file('secrets/pass.txt');
    await writeFile(absolute, 'file-pass\n');
    const yaml = await readFile(dir.file('conf/tocsin.config.yaml'), 'utf8');
    await writeFile(
      dir.file('conf/tocsin.config.yaml'),
      yaml.replace('ABSOLUTE_PASS_FILE', absolute),
    );
    const config = await loadConfig('conf/tocsin.config.yaml', { cwd: dir.path });
    expect(config.channels.ops?.options.webhookUrl).toBe(
      'https://hooks.slack.com/services/T1/B1/filesecret',
    );
    expect(config.channels.mail?.options.transport).toMatchObject({
      username: 'me',
      password: 'file-pass',
    });
    expect(JSON.stringify(config)).not.toContain('filesecret');
    expect(JSON.stringify(config)).not.toContain('file-pass');
  });
});
