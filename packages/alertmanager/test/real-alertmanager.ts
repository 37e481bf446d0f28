import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, systemBinary, tempDir, until } from '@tocsin/test-kit';

/** Debian's Alertmanager, for the tests that run against the real server. */
export const alertmanagerBinary = systemBinary({
  name: 'prometheus-alertmanager',
  paths: ['/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager'],
  env: 'TOCSIN_ALERTMANAGER_BIN',
  debianPackage: 'prometheus-alertmanager',
});

/** An alert as `GET /api/v2/alerts` lists it (the fields the tests read). */
export interface HeldAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  generatorURL?: string;
  status: { state: string };
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>` of its cluster listener, for the other nodes' `--cluster.peer`. */
  readonly clusterAddress: string;
  /** What it holds now: active alerts (resolved ones are left out, as the API does). */
  alerts(): Promise<HeldAlert[]>;
  /** Names of the cluster members it sees (itself included). */
  peers(): Promise<string[]>;
  /** Its log so far, for a failing test's message. */
  log(): string;
  /** Stop it and remove its directory. */
  close(): Promise<void>;
}

export interface AlertmanagerStart {
  /** alertmanager.yml, as text. */
  readonly config: string;
  /** Cluster addresses of the other nodes; none for a single node (HA mode off). */
  readonly peers?: readonly string[];
  /** The cluster port: given when the peers must know it before this node starts. */
  readonly clusterPort?: number;
  /** How long a node waits per position before notifying (Alertmanager's default 15 s). */
  readonly peerTimeout?: string;
}

/** Time a server gets to start and say it is ready: generous, the test machine is shared. */
const READY_TIMEOUT_MS = 30_000;

/**
 * Start Alertmanager on free ports with `config` in a fresh directory, and wait until
 * `/-/ready` answers. Cluster gossip is sped up (50 ms gossip, 1 s push-pull) so a
 * two-node cluster settles in a few seconds; without `peers` HA mode is off.
 */
export async function startAlertmanager(start: AlertmanagerStart): Promise<RunningAlertmanager> {
  const path = alertmanagerBinary.path;
  if (path === undefined) throw new Error(alertmanagerBinary.missing);
  const dir = await tempDir({ 'alertmanager.yml': start.config });
  const webPort = await freePort();
  const clustered = start.peers !== undefined;
  const clusterPort = start.clusterPort ?? (clustered ? await freePort() : 0);
  const clusterAddress = `127.0.0.1:${clusterPort}`;
  const args = [
    `--config.file=${dir.file('alertmanager.yml')}`,
    `--storage.path=${dir.file('data')}`,
    `--web.listen-address=127.0.0.1:${webPort}`,
    '--log.level=debug',
  ];
  if (clustered)
    args.push(
      `--cluster.listen-address=${clusterAddress}`,
      `--cluster.advertise-address=${clusterAddress}`,
      ...(start.peers ?? []).map((peer) => `--cluster.peer=${peer}`),
      `--cluster.peer-timeout=${start.peerTimeout ?? '2s'}`,
      '--cluster.gossip-interval=50ms',
      '--cluster.pushpull-interval=1s',
      '--cluster.probe-interval=200ms',
      '--cluster.settle-timeout=10s',
      '--cluster.reconnect-interval=500ms',
    );
  else args.push('--cluster.listen-address=');
  const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    log += text;
  });
  const url = `http://127.0.0.1:${webPort}`;
  const running: RunningAlertmanager = {
    url,
    clusterAddress,
    async alerts() {
      const response = await fetch(`${url}/api/v2/alerts`);
      return (await response.json()) as HeldAlert[];
    },
    async peers() {
      const response = await fetch(`${url}/api/v2/status`);
      const status = (await response.json()) as { cluster?: { peers?: Array<{ name: string }> } };
      return (status.cluster?.peers ?? []).map((peer) => peer.name);
    },
    log: () => log,
    async close() {
      await stopProcess(child);
      await dir.remove();
    },
  };
  try {
    await until(
      async () => {
        // Its own answer, not another server's on that port: it must still be running.
        if (child.exitCode !== null) throw new Error(`Alertmanager exited:\n${log}`);
        return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true;
      },
      () => `Alertmanager to be ready:\n${log}`,
      { timeoutMs: READY_TIMEOUT_MS, everyMs: 50 },
    );
  } catch (error) {
    await running.close();
    throw error;
  }
  return running;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
