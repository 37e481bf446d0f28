import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlertManager } from '@tocsin/core';
import { freePort, MemoryChannel, quietLogger, until } from '@tocsin/test-kit';
import { closeAfterEach, failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { AlertmanagerChannel, alertmanagerReceiver } from '../src/index.js';
import { TOKEN } from './harness.js';
import {
  alertmanagerBinary,
  type RunningAlertmanager,
  startAlertmanager,
} from './real-alertmanager.js';

// The whole bridge with a real two-node Alertmanager cluster: Tocsin pushes to both nodes,
// Alertmanager groups, one node notifies (the other sees it in the gossiped notification
// log), its webhook comes back into Tocsin's receiver and reaches a local sink once; a
// resolve comes back as a RESOLVED notice. Skipped without the binary, a failure in CI.

failInCiWhenMissing(alertmanagerBinary, 'the Alertmanager round trip');

const closeLater = closeAfterEach();

/**
 * How long a node waits per position in the cluster before it notifies: the second node
 * sends only if the first's notification has not reached it by gossip by then.
 */
const PEER_TIMEOUT_MS = 2000;

/** A route that groups by alertname, quickly, and a webhook to the receiver with a token. */
function clusterConfig(receiverUrl: string): string {
  return `
route:
  receiver: tocsin
  group_by: [alertname]
  group_wait: 500ms
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: tocsin
    webhook_configs:
      - url: ${receiverUrl}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${TOKEN}
`;
}

interface Receiver {
  readonly url: string;
  readonly sink: MemoryChannel;
  /** Every webhook body the receiver was posted, as the alerts' statuses. */
  readonly webhooks: string[][];
}

/** A Tocsin manager delivering to a memory sink, behind `alertmanagerReceiver` on node:http. */
async function startReceiver(): Promise<Receiver> {
  const sink = new MemoryChannel({ name: 'sink' });
  const manager = closeLater(new AlertManager({ logger: quietLogger })).addChannel(sink, {
    sendResolved: true,
  });
  const handler = alertmanagerReceiver(manager, { auth: { bearer: TOKEN }, logger: quietLogger });
  const webhooks: string[][] = [];
  const server = createServer((req, res) => {
    // Read the body here too, to count what Alertmanager posted; then hand it on parsed.
    collect(req).then((text) => {
      const body = JSON.parse(text) as { alerts: Array<{ status: string }> };
      webhooks.push(body.alerts.map((alert) => alert.status));
      handler(Object.assign(req, { body }), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeLater({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alertmanager`, sink, webhooks };
}

async function collect(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** Two nodes, each `--cluster.peer` of the other, once both see the cluster whole. */
async function startCluster(config: string): Promise<[RunningAlertmanager, RunningAlertmanager]> {
  const [portA, portB] = [await freePort(), await freePort()];
  const peerTimeout = `${PEER_TIMEOUT_MS}ms`;
  const a = closeLater(
    await startAlertmanager({
      config,
      clusterPort: portA,
      peers: [`127.0.0.1:${portB}`],
      peerTimeout,
    }),
  );
  const b = closeLater(
    await startAlertmanager({
      config,
      clusterPort: portB,
      peers: [`127.0.0.1:${portA}`],
      peerTimeout,
    }),
  );
  await until(
    async () => (await a.peers()).length === 2 && (await b.peers()).length === 2,
    () => `the two nodes to form a cluster:\n${a.log()}\n${b.log()}`,
    { timeoutMs: 30_000, everyMs: 50 },
  );
  return [a, b];
}

/** Long enough for the second node to have notified, had gossip not told it the first did. */
const afterSecondNodesTurn = () =>
  new Promise((resolve) => setTimeout(resolve, 2 * PEER_TIMEOUT_MS + 1000));

describe.skipIf(!alertmanagerBinary.path)('Tocsin -> Alertmanager cluster -> Tocsin', () => {
  it('delivers a pushed alert to the sink once with both nodes up, then its resolve', async () => {
    const receiver = await startReceiver();
    const [a, b] = await startCluster(clusterConfig(receiver.url));
    const app = closeLater(new AlertManager({ logger: quietLogger })).addChannel(
      new AlertmanagerChannel({ urls: [a.url, b.url] }),
    );
    const alert = {
      title: 'Disk full',
      body: '/var is 99% full',
      level: 'critical',
      labels: { host: 'db1', service: 'postgres' },
    } as const;

    const [pushed] = await app.send(alert);
    expect(pushed).toMatchObject({ status: 'sent' });
    expect(pushed).not.toHaveProperty('rejected');
    // Both nodes hold it: the channel pushed to each.
    expect((await a.alerts()).map((held) => held.labels.host)).toEqual(['db1']);
    expect((await b.alerts()).map((held) => held.labels.host)).toEqual(['db1']);

    await until(() => receiver.sink.received.length >= 1, 'the firing alert at the sink', {
      timeoutMs: 30_000,
    });
    await afterSecondNodesTurn();
    expect(receiver.webhooks).toEqual([['firing']]);
    expect(receiver.sink.received).toHaveLength(1);
    const [delivered] = receiver.sink.received;
    const [held] = await a.alerts();
    expect(delivered).toMatchObject({
      title: 'Disk full',
      body: '/var is 99% full',
      levelName: 'CRITICAL',
      labels: {
        alertname: 'Disk full',
        severity: 'critical',
        host: 'db1',
        service: 'postgres',
        fingerprint: pushed?.fingerprint,
      },
      // Alertmanager's own fingerprint of the label set: the key a resolve comes back with.
      dedupKey: held?.fingerprint,
    });

    const [notice] = await app.resolve(alert);
    expect(notice).toMatchObject({ status: 'sent' });
    await until(() => receiver.sink.received.length >= 2, 'the RESOLVED notice at the sink', {
      timeoutMs: 30_000,
    });
    await afterSecondNodesTurn();
    expect(receiver.webhooks[1]).toEqual(['resolved']);
    // The second node may still send the alert as firing, then resolved, when its flush began
    // before the resolve (Alertmanager's HA is at least once): the receiver knows that copy
    // by its start and sends nothing more.
    expect(receiver.sink.received).toHaveLength(2);
    expect(receiver.sink.received[1]).toMatchObject({
      title: 'Disk full',
      fingerprint: held?.fingerprint,
      resolved: { by: 'resolve', count: 1 },
    });
  }, 120_000);
});
