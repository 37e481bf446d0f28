import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fake server answers one request. */
export type FakeReply =
  | {
      status: number;
      body?: string | object;
      headers?: Record<string, string>;
      /** Wait this long before answering. */
      delayMs?: number;
    }
  /** Destroy the connection without answering. */
  | { drop: true }
  /** Never answer (until the server closes). */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Which connection carried it: 1 for the first socket the server accepted, ... */
  connection: number;
  /** The status the server answered with; undefined for a dropped or hung request. */
  status: number | undefined;
  json(): unknown;
}

export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order (dropped and hung ones too). */
  readonly requests: RecordedRequest[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections open right now (a client that released its keep-alive sockets leaves 0). */
  readonly openConnections: number;
  /** Queue replies: the next requests get these, in order; then the default. */
  reply(...replies: FakeReply[]): this;
  /** The reply when the queue is empty. */
  setDefault(reply: FakeReply | ((request: RecordedRequest) => FakeReply)): this;
  /** Resolve once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export interface FakeHttpServerOptions {
  /** @default `{ status: 200, body: 'ok' }` */
  defaultReply?: FakeReply | ((request: RecordedRequest) => FakeReply);
  /** Request bodies larger than this are answered 413. @default 10 MiB */
  maxBodyBytes?: number;
}

/** A real node:http server on 127.0.0.1 (port 0) that records requests and answers as scripted. */
export async function startFakeHttpServer(
  options: FakeHttpServerOptions = {},
): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const sockets = new Set<Socket>();
  const socketIds = new WeakMap<Socket, number>();
  const waiters: Array<() => void> = [];
  let fallback: FakeReply | ((request: RecordedRequest) => FakeReply) = options.defaultReply ?? {
    status: 200,
    body: 'ok',
  };
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let connections = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        connection: socketIds.get(req.socket) ?? 0,
        status: undefined,
        json: () => JSON.parse(body),
      };
      requests.push(recorded);
      for (const wake of waiters.splice(0)) wake();
      if (tooLarge) {
        recorded.status = 413;
        answer(res, { status: 413, body: 'payload too large' });
        return;
      }
      const reply =
        queue.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
      if ('drop' in reply) {
        req.socket.destroy();
        return;
      }
      if ('hang' in reply) return;
      recorded.status = reply.status;
      if (reply.delayMs !== undefined && reply.delayMs > 0) {
        const timer = setTimeout(() => answer(res, reply), reply.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else {
        answer(res, reply);
      }
    });
  });
  server.on('connection', (socket) => {
    connections++;
    socketIds.set(socket, connections);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeHttpServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return connections;
    },
    get openConnections() {
      return sockets.size;
    },
    reply(...replies) {
      queue.push(...replies);
      return api;
    },
    setDefault(reply) {
      fallback = reply;
      return api;
    },
    async waitForRequests(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`fake server: expected ${count} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests.slice(0, count);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

function answer(
  res: ServerResponse,
  reply: { status: number; body?: string | object; headers?: Record<string, string> },
): void {
  const isJson = reply.body !== undefined && typeof reply.body !== 'string';
  const body =
    reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : String(reply.body);
  res.writeHead(reply.status, {
    'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...reply.headers,
  });
  res.end(body);
}
