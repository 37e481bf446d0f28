import { alertFingerprint } from '@tocsin/channel-kit';
import { AlertManager } from '@tocsin/core';
import { freePort, quietLogger, until } from '@tocsin/test-kit';
import { closeAfterEach, failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { AlertmanagerChannel } from '../src/index.js';
import { alertmanagerBinary, startAlertmanager } from './real-alertmanager.js';

// Against Debian's prometheus-alertmanager (0.25): what the channel pushes is what the real
// server holds, and a resolve ends it. Skipped with a message without the binary; a
// failure under CI=true.

failInCiWhenMissing(alertmanagerBinary, 'the tests against a real Alertmanager');

const closeLater = closeAfterEach();

/** One route to a receiver nobody listens on: these tests read the API, not notifications. */
const CONFIG = `
route:
  receiver: nowhere
receivers:
  - name: nowhere
`;

const disk = {
  title: 'Disk full',
  body: '/var is 99% full',
  level: 'error',
  labels: {
    host: 'db1',
    'k8s.namespace': 'prod',
    runbook_url: 'https://runbooks.example.com/disk',
  },
} as const;

describe.skipIf(!alertmanagerBinary.path)('AlertmanagerChannel against a real Alertmanager', () => {
  it('pushes an alert Alertmanager holds as sent, and a resolve ends it', async () => {
    const am = closeLater(await startAlertmanager({ config: CONFIG }));
    const manager = closeLater(new AlertManager({ logger: quietLogger })).addChannel(
      new AlertmanagerChannel({ urls: [am.url], generatorUrl: 'https://app.example.com/jobs/7' }),
    );
    const [sent] = await manager.send(disk);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    const [held] = await am.alerts();
    expect(held).toMatchObject({
      labels: {
        alertname: 'Disk full',
        severity: 'error',
        host: 'db1',
        k8s_namespace: 'prod',
        fingerprint: sent?.fingerprint,
      },
      annotations: {
        summary: 'Disk full',
        description: '/var is 99% full',
        runbook_url: 'https://runbooks.example.com/disk',
      },
      generatorURL: 'https://app.example.com/jobs/7',
      status: { state: 'active' },
    });
    // Its fingerprint is the FNV-1a hash of the labels that channel-kit computes too.
    expect(held?.fingerprint).toBe(alertFingerprint(held?.labels ?? {}));
    const [notice] = await manager.resolve(disk);
    expect(notice).toMatchObject({ status: 'sent' });
    // Alertmanager lists only alerts that have not ended: the resolve took it off.
    await until(async () => (await am.alerts()).length === 0, 'the alert to end in Alertmanager');
  }, 60_000);

  it('maps a real refusal: a wrong path is a 404 that names `urls`, not retried', async () => {
    const am = closeLater(await startAlertmanager({ config: CONFIG }));
    const manager = closeLater(new AlertManager({ logger: quietLogger })).addChannel(
      new AlertmanagerChannel({ urls: [`${am.url}/wrong-prefix`] }),
      { maxRetries: 2 },
    );
    const [result] = await manager.send(disk);
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toContain('answered 404');
    expect(result?.error).toContain('check `urls`');
  }, 60_000);

  it('is delivered while one node of two is down, and that node is named', async () => {
    const am = closeLater(await startAlertmanager({ config: CONFIG }));
    const gone = `http://127.0.0.1:${await freePort()}`;
    const manager = closeLater(new AlertManager({ logger: quietLogger })).addChannel(
      new AlertmanagerChannel({ urls: [gone, am.url] }),
      { maxRetries: 0 },
    );
    const [result] = await manager.send(disk);
    expect(result).toMatchObject({ status: 'sent', rejected: [`${gone}/api/v2/alerts`] });
    expect(await am.alerts()).toHaveLength(1);
  }, 60_000);
});
