import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type FakeHttpServer,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from './fake-http-server.js';
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from './smtp-sink.js';

/** Every remote Tocsin talks to, faked on 127.0.0.1: for demos, examples and end-to-end tests. */
export interface LocalSinks {
  /** Answers as Slack's incoming-webhook endpoint does. */
  readonly slack: FakeHttpServer;
  /** A generic webhook receiver (200 `{ ok: true }`). */
  readonly webhook: FakeHttpServer;
  /** Answers `POST /emails` as Resend does (200 with a fresh id). */
  readonly resend: FakeHttpServer;
  /** Answers as a Microsoft Teams Workflows webhook does (202, empty body). */
  readonly teams: FakeHttpServer;
  /** Answers `POST /v2/enqueue` as PagerDuty's Events API v2 does (202 with the `dedup_key`). */
  readonly pagerduty: FakeHttpServer;
  /** An SMTP server capturing each message. */
  readonly smtp: SmtpSink;
  /**
   * The addresses, as environment variables a config file can use with `${VAR}`:
   * SLACK_WEBHOOK_URL, WEBHOOK_URL, RESEND_BASE_URL, SMTP_HOST, SMTP_PORT,
   * TEAMS_WEBHOOK_URL, PAGERDUTY_BASE_URL.
   */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Write what the sinks received into `dir`: each email as `.eml` (and `.html` when it had
   * an HTML part), each HTTP request as `.json` (Resend emails' HTML as `.html` too).
   * Returns the files written.
   */
  writeReceived(dir: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Start every sink. Close them with `close()`. */
export async function startLocalSinks(
  options: { smtp?: SmtpSinkOptions } = {},
): Promise<LocalSinks> {
  let resendIds = 0;
  const [slack, webhook, resend, smtp, teams, pagerduty] = await Promise.all([
    startFakeHttpServer(),
    startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } }),
    startFakeHttpServer({
      defaultReply: () => ({
        status: 200,
        body: { id: `re-local-${String(++resendIds).padStart(4, '0')}` },
      }),
    }),
    startSmtpSink(options.smtp),
    startFakeHttpServer({ defaultReply: { status: 202, body: '' } }),
    startFakeHttpServer({ defaultReply: pagerDutyReply }),
  ]);
  const env = Object.freeze({
    SLACK_WEBHOOK_URL: `${slack.url}/services/T00000000/B00000000/local-sink`,
    WEBHOOK_URL: `${webhook.url}/alerts`,
    RESEND_BASE_URL: resend.url,
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    TEAMS_WEBHOOK_URL: `${teams.url}/workflows/local-sink/triggers/manual/paths/invoke?api-version=1&sig=local-sink-signature`,
    PAGERDUTY_BASE_URL: pagerduty.url,
  });

  return {
    slack,
    webhook,
    resend,
    teams,
    pagerduty,
    smtp,
    env,
    async writeReceived(dir) {
      await mkdir(dir, { recursive: true });
      const written: string[] = [];
      const write = async (name: string, content: string) => {
        const path = join(dir, name);
        await writeFile(path, content);
        written.push(path);
      };
      let n = 0;
      for (const message of smtp.messages) {
        const base = `${pad(++n)}-email-${slug(message.subject ?? 'no-subject')}`;
        await write(`${base}.eml`, message.raw);
        if (message.html !== undefined) await write(`${base}.html`, message.html);
      }
      for (const [name, server] of [
        ['slack', slack],
        ['webhook', webhook],
        ['resend', resend],
        ['teams', teams],
        ['pagerduty', pagerduty],
      ] as const) {
        let i = 0;
        for (const request of server.requests) {
          // A request the sink refused says so in its name: `004-slack-001-429.json`.
          const refused =
            request.status !== undefined && request.status >= 300 ? `-${request.status}` : '';
          const base = `${pad(++n)}-${name}-${pad(++i)}${refused}`;
          const body = parseJson(request);
          await write(
            `${base}.json`,
            `${JSON.stringify({ method: request.method, path: request.url, body }, null, 2)}\n`,
          );
          const html = (body as { html?: unknown } | undefined)?.html;
          if (name === 'resend' && typeof html === 'string') await write(`${base}.html`, html);
        }
      }
      return written;
    },
    async close() {
      await Promise.all(
        [slack, webhook, resend, smtp, teams, pagerduty].map((sink) => sink.close()),
      );
    },
  };
}

/** PagerDuty's answer to an event: 202 with its dedup key, or 400 for a body it cannot read. */
function pagerDutyReply(request: RecordedRequest): FakeReply {
  const event = parseJson(request) as { dedup_key?: unknown; routing_key?: unknown } | undefined;
  if (typeof event !== 'object' || event === null || typeof event.routing_key !== 'string')
    return {
      status: 400,
      body: {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"],
      },
    };
  return {
    status: 202,
    body: {
      status: 'success',
      message: 'Event processed',
      dedup_key: event.dedup_key ?? 'local-sink',
    },
  };
}

function parseJson(request: RecordedRequest): unknown {
  try {
    return request.json();
  } catch {
    return request.body;
  }
}

const pad = (n: number) => String(n).padStart(3, '0');
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'message';
