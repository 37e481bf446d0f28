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
        json: () => JSON.parse(body),
      };
      requests.push(recorded);
      for (const wake of waiters.splice(0)) wake();
      if (tooLarge) {
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

/** A `http://127.0.0.1:<port>` URL on which nothing listens: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Retry-After as delta-seconds or as an HTTP date that many seconds ahead. */
export function retryAfterHeader(seconds: number, form: 'seconds' | 'date' = 'seconds'): string {
  return form === 'seconds' ? String(seconds) : new Date(Date.now() + seconds * 1000).toUTCString();
}

/** Answers as Slack's incoming-webhook endpoint does (plain-text reason bodies). */
export const slackReplies = {
  ok: { status: 200, body: 'ok' },
  invalidPayload: { status: 400, body: 'invalid_payload' },
  forbidden: { status: 403, body: 'action_prohibited' },
  noService: { status: 404, body: 'no_service' },
  channelArchived: { status: 410, body: 'channel_is_archived' },
  rateLimited: (seconds = 1, form: 'seconds' | 'date' = 'seconds'): FakeReply => ({
    status: 429,
    body: 'rate_limited',
    headers: { 'retry-after': retryAfterHeader(seconds, form) },
  }),
  serverError: { status: 500, body: 'rollup_error' },
  slow: (delayMs: number): FakeReply => ({ status: 200, body: 'ok', delayMs }),
  /** A redirect to `location`: a webhook client must not follow it. */
  redirect: (location: string): FakeReply => ({ status: 302, body: '', headers: { location } }),
  /** A workflow trigger accepting the variables (`{ ok, error? }`, read by the SDK's WebhookTrigger). */
  workflowOk: { status: 200, body: { ok: true } },
  /** A workflow trigger answering 200 but refusing the variables. */
  workflowRejected: (error = 'invalid_inputs'): FakeReply => ({
    status: 200,
    body: { ok: false, error },
  }),
  drop: { drop: true },
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;

/** Answers as a generic webhook receiver would. */
export const webhookReplies = {
  ok: { status: 200, body: { ok: true } },
  accepted: { status: 202, body: '' },
  badRequest: { status: 400, body: { error: 'bad request' } },
  unauthorized: { status: 401, body: { error: 'invalid signature' } },
  notFound: { status: 404, body: { error: 'not found' } },
  rateLimited: (seconds = 1, form: 'seconds' | 'date' = 'seconds'): FakeReply => ({
    status: 429,
    body: { error: 'slow down' },
    headers: { 'retry-after': retryAfterHeader(seconds, form) },
  }),
  serverError: { status: 500, body: { error: 'internal' } },
  unavailable: { status: 503, body: { error: 'unavailable' } },
  requestTimeout: { status: 408, body: { error: 'request timeout' } },
  tooEarly: { status: 425, body: { error: 'too early' } },
  /** A redirect (302 unless told) to `location`: a channel must not follow it. */
  redirect: (location: string, status = 302): FakeReply => ({
    status,
    body: '',
    headers: { location },
  }),
  slow: (delayMs: number): FakeReply => ({ status: 200, body: { ok: true }, delayMs }),
  drop: { drop: true },
  hang: { hang: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;

/** Answers as Resend's `POST /emails` does (JSON error objects with `name` and `message`). */
export const resendReplies = {
  ok: (id = '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794'): FakeReply => ({ status: 200, body: { id } }),
  validationError: (message = 'Invalid `to` field.'): FakeReply => ({
    status: 422,
    body: { statusCode: 422, name: 'validation_error', message },
  }),
  missingApiKey: {
    status: 401,
    body: {
      statusCode: 401,
      name: 'missing_api_key',
      message: 'Missing API key in the authorization header.',
    },
  },
  invalidApiKey: {
    status: 403,
    body: { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' },
  },
  rateLimited: (seconds = 1): FakeReply => ({
    status: 429,
    body: {
      statusCode: 429,
      name: 'rate_limit_exceeded',
      message: 'Too many requests. You can only make 2 requests per second.',
    },
    headers: { 'retry-after': String(seconds) },
  }),
  serverError: {
    status: 500,
    body: { statusCode: 500, name: 'application_error', message: 'An unexpected error occurred.' },
  },
  /** 409: the first request with this Idempotency-Key is still being processed. */
  concurrentIdempotentRequests: {
    status: 409,
    body: {
      statusCode: 409,
      name: 'concurrent_idempotent_requests',
      message:
        'Same idempotency key used while original request is still in progress. Try the request again later.',
    },
  },
  /** 409: the Idempotency-Key was used before with another payload. */
  invalidIdempotentRequest: {
    status: 409,
    body: {
      statusCode: 409,
      name: 'invalid_idempotent_request',
      message:
        'Same idempotency key used with a different request payload. Change your idempotency key or payload.',
    },
  },
  /** 429 that waiting seconds cannot fix: the daily sending quota is used up. */
  dailyQuotaExceeded: {
    status: 429,
    body: {
      statusCode: 429,
      name: 'daily_quota_exceeded',
      message: 'You have reached your daily email sending quota.',
    },
    headers: { 'retry-after': '86400' },
  },
  hang: { hang: true },
  drop: { drop: true },
} as const satisfies Record<string, FakeReply | ((...args: never[]) => FakeReply)>;
