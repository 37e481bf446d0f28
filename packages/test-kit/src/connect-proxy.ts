import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/** A CONNECT the proxy received. */
export interface ProxyConnect {
  /** `host:port` the client asked to reach. */
  readonly target: string;
  /** The `proxy-authorization` header, if any. */
  readonly authorization: string | undefined;
}

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every CONNECT, in order (refused ones too). */
  readonly connects: ProxyConnect[];
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Require this `proxy-authorization` header value (`Basic ...`): others get 407. */
  readonly authorization?: string;
}

/**
 * An HTTP proxy on 127.0.0.1 that tunnels CONNECT requests (what undici's `ProxyAgent`
 * sends for every target) and records them, for tests that a channel goes through a proxy.
 */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: ProxyConnect[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_request, response) => {
    // Plain proxied requests are not what the channels send: say so plainly.
    response.writeHead(405).end('only CONNECT');
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const target = request.url ?? '';
    const authorization = request.headers['proxy-authorization'];
    connects.push({ target, authorization });
    if (options.authorization !== undefined && authorization !== options.authorization) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const [host, port] = splitTarget(target);
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitTarget(target: string): [string, number] {
  const at = target.lastIndexOf(':');
  return [target.slice(0, at).replace(/^\[|\]$/g, ''), Number(target.slice(at + 1))];
}
