import type { ServerResponse } from 'node:http';
import { answerJson } from '@tocsin/channel-kit';

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

/** Answer a refusal: `{ "error": reason }` with its status and headers. */
export function refuse(res: ServerResponse, refusal: HttpRefusal): void {
  answerJson(res, refusal.status, { error: refusal.message }, refusal.headers);
}
