import { freePort } from './free-port.js';

/**
 * A `http://127.0.0.1:<port>` URL on which nothing listens: connections are refused. The
 * port is one `freePort` gave, so no server of this process, and no server anywhere that
 * listens on 0, is given it later.
 */
export async function refusedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
