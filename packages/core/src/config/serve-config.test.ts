import { MemoryChannel, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { redactConfigSecrets } from './tocsin-config.js';

const channelTypes = { memory: () => new MemoryChannel({ name: 'memory' }) };

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir({
    'tocsin.config.yaml': `alerts:
  serve:
    tokens: [!secret SERVE_TOKEN, "\${OTHER_TOKEN}"]
    port: 9095
    udp_port: "1549"
    max_body_bytes: 10
    rate_limit: { rate: 20, per: 1m }
    max_pending: 5000
  channels:
    ops: { type: memory }
  presets:
    open: { serve: { rate_limit: false } }
`,
  });
});
afterEach(async () => {
  await dir.remove();
});

describe('serve in a config file', () => {
  it('reads the collector keys, clamps the limits, keeps tokens secret; a preset may change them', async () => {
    const warnings: string[] = [];
    const env = { SERVE_TOKEN: 'token-from-secret-1234', OTHER_TOKEN: 'token-from-env-5678' };
    const file = dir.file('tocsin.config.yaml');
    const config = await loadConfig(file, {
      channelTypes,
      env,
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(config.serve).toEqual({
      tokens: ['token-from-secret-1234', 'token-from-env-5678'],
      host: undefined,
      port: 9095,
      udpPort: 1549,
      maxBodyBytes: 1024,
      rateLimit: { rate: 20, per: 60, burst: undefined },
      maxPending: 5000,
    });
    expect(warnings.join('\n')).toContain('serve.max_body_bytes');
    // Both tokens are secrets, the one from the environment too.
    expect(redactConfigSecrets(config, 'a token-from-env-5678 b token-from-secret-1234')).toBe(
      'a *** b ***',
    );
    expect(JSON.stringify(config)).not.toContain('token-from');
    const open = await loadConfig(file, { channelTypes, env, preset: 'open' });
    expect(open.serve?.rateLimit).toBe(false);
  });

  it('names the path and what was expected', async () => {
    const error = await loadConfig(
      { alerts: { serve: { tokens: 'abc', prot: 1 }, channels: { ops: { type: 'memory' } } } },
      { channelTypes },
    ).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).toContain('alerts.serve.tokens: expected a list of tokens; got a string');
    expect(message).toContain('alerts.serve.prot: unknown key');
    expect(message).not.toContain('abc');
  });
});
