import type { ServerResponse } from 'node:http';

/** Answer a request with a small JSON body (what Tocsin's servers say: accepted, or why not). */
export function answerJson(
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
