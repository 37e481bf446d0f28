import type { ServerResponse } from 'node:http';

/** A request the collector refuses: its status, a reason for the client, and headers. */
export class HttpRefusal extends Error {
  override name = 'HttpRefusal';

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Answer with a small JSON body. */
export function answer(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answer a refusal: `{ "error": reason }` with its status and headers. */
export function refuse(res: ServerResponse, refusal: HttpRefusal): void {
  answer(res, refusal.status, { error: refusal.message }, refusal.headers);
}
