import type { Channel } from '@tocsin/core';
import { beforeEach } from 'vitest';
import { closeAfterEach } from './close-after-each.js';
import {
  type FakeHttpServer,
  type FakeHttpServerOptions,
  startFakeHttpServer,
} from './fake-http-server.js';

/** The server and channel of the running test (reading them outside a test throws). */
export interface FakeHttpChannel<C extends Channel> {
  readonly server: FakeHttpServer;
  /** Assign another channel (other options, another URL) and it is closed after the test too. */
  channel: C;
}

/**
 * Before each test of the file, a fake HTTP server started with `options` and a channel
 * `connect` points at it; after it, both closed (the channel first). Call it at the top level
 * of a test file.
 */
export function useFakeHttpChannel<C extends Channel & { close(): unknown }>(
  options: FakeHttpServerOptions,
  connect: (server: FakeHttpServer) => C,
): FakeHttpChannel<C> {
  const closeLater = closeAfterEach();
  let current: { server: FakeHttpServer; channel: C } | undefined;
  beforeEach(async () => {
    const server = closeLater(await startFakeHttpServer(options));
    current = { server, channel: closeLater(connect(server)) };
  });
  const running = () => {
    if (current === undefined) throw new Error('useFakeHttpChannel: read outside a test');
    return current;
  };
  return {
    get server() {
      return running().server;
    },
    get channel() {
      return running().channel;
    },
    set channel(next) {
      running().channel = closeLater(next);
    },
  };
}
