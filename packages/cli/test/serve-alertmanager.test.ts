// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { performance } from 'node:perf_hooks';
import type { AlertManager } from '@tocsin/core';
import {
  type FakeHttpServer,
  startFakeHttpServer,
  type TempDir,
  tempDir,
  until,
} from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The alertmanager package's helper that starts Debian's Alertmanager on free ports.
import {
  alertmanagerBinary,
  type RunningAlertmanager,
  startAlertmanager,
} from '../../alertmanager/test/real-alertmanager.js';
import type { CliIo } from '../src/cli-io.js';
import { buildCliManager, loadCliConfig } from '../src/load-for-cli.js';
import { type Collector, startCollector } from '../src/serve/collector.js';
import { COLLECTOR_DEFAULTS } from '../src/serve/collector-options.js';

// A real prometheus-alertmanager whose webhook receiver is `tocsin serve`: an alert posted
// to Alertmanager is grouped there, comes to the collector's /api/v4/webhook with its
// bearer token, and reaches the channel; its end comes back resolved.

failInCiWhenMissing(alertmanagerBinary, 'tocsin serve behind a real Alertmanager');

const TOKEN = 'am-to-serve-token-0123456789';

let sink: FakeHttpServer;
let dir: TempDir;
let manager: AlertManager;
let collector: Collector;
let alertmanager: RunningAlertmanager;

describe.skipIf(!alertmanagerBinary.path)('tocsin serve as a real Alertmanager’s webhook', () => {
  beforeAll(async () => {
    sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
    dir = await tempDir({
      'tocsin.config.yaml': `
alerts:
  throttle: false
  channels:
    max_retries: 0
    audit: { type: webhook, url: "\${SINK_URL}" }
`,
    });
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: { SINK_URL: `${sink.url}/hook` },
      cwd: dir.path,
    };
    manager = await buildCliManager(io, await loadCliConfig(io, {}));
    collector = await startCollector(manager, {
      ...COLLECTOR_DEFAULTS,
      port: 0,
      udpPort: undefined,
      tokens: [TOKEN],
      logger: { warn: () => {} },
      now: () => performance.now(),
    });
    alertmanager = await startAlertmanager({
      config: `
route:
  receiver: tocsin
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
receivers:
  - name: tocsin
    webhook_configs:
      - url: ${collector.url}/api/v4/webhook
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${TOKEN}
`,
    });
  }, 60_000);
  afterAll(async () => {
    await alertmanager?.close();
    await collector?.close();
    await manager?.close();
    await sink?.close();
    await dir?.remove();
  });

  it('an alert posted to Alertmanager reaches the channel through the collector, and resolves', async () => {
    const labels = { alertname: 'QueueStuck', queue: 'mail', severity: 'critical' };
    const post = (endsAt: string) =>
      fetch(`${alertmanager.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ labels, annotations: { summary: 'Mail queue stuck' }, endsAt }]),
      });
    expect((await post(new Date(Date.now() + 600_000).toISOString())).status).toBe(200);
    await sink.waitForRequests(1, 30_000);
    expect(sink.requests[0]?.json()).toMatchObject({
      title: 'Mail queue stuck',
      level: 30,
      labels,
    });
    expect(manager.active().map((a) => a.alert.labels.alertname)).toEqual(['QueueStuck']);

    expect((await post(new Date(Date.now() - 1000).toISOString())).status).toBe(200);
    await until(
      () => manager.active().length === 0,
      () => `the resolve to reach the collector:\n${alertmanager.log()}`,
      { timeoutMs: 30_000 },
    );
    expect(collector.stats.refused).toEqual({});
  }, 60_000);
});
