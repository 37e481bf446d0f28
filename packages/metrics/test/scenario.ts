import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlertManager, AlertThrottle } from '@tocsin/core';
import { FakeClock, quietLogger, startFakeHttpServer } from '@tocsin/test-kit';
import { WebhookChannel } from '@tocsin/webhook';

/** In every webhook URL: it must never show in a metric. */
export const SECRET_TOKEN = 'hook-token-7f3a9c1e5b';

/**
 * A manager with four webhook entries on one local receiver, as an app would have them:
 * `ops` (answers 200), `down` (500 with Retry-After: 1, one retry, a breaker that opens
 * after 2 failures), `pager` (one alert a minute) and `digest` (groups for 30 s).
 */
export async function startScenario() {
  const sink = await startFakeHttpServer({
    defaultReply: (request) =>
      request.url.startsWith('/down/')
        ? { status: 500, body: { error: 'internal' }, headers: { 'retry-after': '1' } }
        : { status: 200, body: { ok: true } },
  });
  const clock = new FakeClock();
  const hook = (path: string) => new WebhookChannel({ url: `${sink.url}/${path}/${SECRET_TOKEN}` });
  const manager = new AlertManager({ clock, logger: quietLogger })
    .addChannel(hook('ok'), { key: 'ops', maxRetries: 0 })
    .addChannel(hook('down'), {
      key: 'down',
      maxRetries: 1,
      circuitBreaker: { failureThreshold: 2, recoveryTimeout: 600 },
    })
    .addChannel(hook('ok'), {
      key: 'pager',
      throttle: new AlertThrottle({ rate: 1, per: 60, burst: 1 }),
    })
    .addChannel(hook('ok'), { key: 'digest', group: { wait: '30s' } });

  /**
   * Wait until `done()`, letting I/O run and moving the fake clock 100 ms a turn (well
   * under the attempt timeout), so retries' waits and groups' timers come due.
   */
  const until = async (done: () => boolean) => {
    for (let turn = 0; !done(); turn++) {
      if (turn > 5000) throw new Error('the scenario did not settle');
      await new Promise(setImmediate);
      clock.advance(100);
    }
  };
  /** Send one alert, driving the clock until its results are in. */
  const send = async (title: string) => {
    let results: Awaited<ReturnType<AlertManager['send']>> | undefined;
    const sending = manager.send({ title, level: 'error' }).then((r) => {
      results = r;
    });
    await until(() => results !== undefined);
    await sending;
    return results ?? [];
  };
  return {
    sink,
    clock,
    manager,
    until,
    send,
    async close() {
      await manager.close();
      await sink.close();
    },
  };
}

export type Scenario = Awaited<ReturnType<typeof startScenario>>;

/** Serve `handler` on 127.0.0.1 (port 0), as an app would. */
export async function serve(
  handler: RequestListener,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
