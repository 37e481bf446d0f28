/** The help of each command, as `tocsin <command> --help` prints it. */
export const HELP = {
  main: `tocsin: check a Tocsin config, send an alert, replay dead letters, print the config's JSON Schema, run a collector

Usage
  tocsin check  [--config <path>] [--preset <name>] [--all-presets] [--json]
  tocsin send   --title <text> [--level <level>] [--body <text>] [--label key=value]...
                [--channel <key>] [--source <name>] [--dry-run] [--config <path>] [--preset <name>] [--json]
  tocsin dead-letters [--since <duration|date>] [--channel <key>] [--config <path>] [--json]
  tocsin replay [--since <duration|date>] [--channel <key>] [--dry-run] [--config <path>] [--json]
  tocsin schema
  tocsin serve  [--port <port>] [--host <address>] [--udp-port <port>] [--config <path>] [--preset <name>]
  tocsin <command> --help

Without --config the config is searched for from the working directory up to the project
root: package.json#tocsin, .tocsinrc[.json|.yaml|.yml|.js|.cjs|.mjs|.ts],
tocsin.config.{js,ts,mjs,cjs,json,yaml,yml}. TOCSIN_PRESET picks a preset when --preset
is not given.

Exit codes: 0 done, 1 invalid config or other error, 2 wrong command line,
3 (send, replay) an alert was not delivered to every channel that should have had it.
`,
  check: `tocsin check: load and validate the config, build every channel, and show them

Usage
  tocsin check [--config <path>] [--preset <name>] [--all-presets] [--json]

Options
  -c, --config <path>   Config file (default: searched from the working directory)
  -p, --preset <name>   Preset to apply (default: TOCSIN_PRESET)
      --all-presets     Check the config alone and with each of its presets
      --json            Print the resolved config as JSON (secrets masked)
  -h, --help            This help

Prints each channel with its type, lowest level, throttle, timeout and retries, secrets
masked. Exits 1 with the problems listed when the config is invalid or a channel cannot be
built (a missing package, options the channel refuses). Nothing is sent.
`,
  send: `tocsin send: send one alert through the configured channels

Usage
  tocsin send --title <text> [--level <level>] [--body <text>] [--label key=value]...
              [--channel <key>] [--source <name>] [--dry-run] [--config <path>] [--preset <name>] [--json]

Options
  -t, --title <text>       The alert's title (required)
  -l, --level <level>      info, success, warning, error or critical, or 10..30 (default info)
  -b, --body <text>        Details; - reads them from standard input (up to 1 MiB)
      --label <key=value>  A label; repeat for more
      --channel <key>      Send to this channel only (key, name or channel name; skips the level filter)
      --source <name>      What raised the alert
      --dry-run            Show which channels would receive it; send nothing
  -c, --config <path>      Config file (default: searched from the working directory)
  -p, --preset <name>      Preset to apply (default: TOCSIN_PRESET)
      --json               Print the results and stats as JSON
  -h, --help               This help

Prints one line per channel (sent, failed, throttled, or filtered by its level), then the
stats. Exits 3 when a delivery failed or was throttled, or when no channel took the alert.
`,
  'dead-letters': `tocsin dead-letters: list the alerts that ended undelivered

Usage
  tocsin dead-letters [--since <duration|date>] [--channel <key>] [--config <path>] [--preset <name>] [--json]

Options
      --since <when>     Only those written since then: 2h (ago) or 2026-12-01T08:00Z
      --channel <key>    Only those of this channel
  -c, --config <path>    Config file (default: searched from the working directory)
  -p, --preset <name>    Preset to apply (default: TOCSIN_PRESET)
      --json             Print them as JSON
  -h, --help             This help

Reads the folder of alerts.dead_letters: alerts that failed after their retries and every
fallback, or met an open circuit. Those already replayed are not listed.
`,
  replay: `tocsin replay: send the dead letters again

Usage
  tocsin replay [--since <duration|date>] [--channel <key>] [--dry-run] [--config <path>] [--preset <name>] [--json]

Options
      --since <when>     Only those written since then: 2h (ago) or 2026-12-01T08:00Z
      --channel <key>    Only those of this channel
      --dry-run          List what would be sent; send nothing
  -c, --config <path>    Config file (default: searched from the working directory)
  -p, --preset <name>    Preset to apply (default: TOCSIN_PRESET)
      --json             Print the outcomes as JSON
  -h, --help             This help

Each goes to the channel it failed on, under its original alert id (the idempotency key a
receiver may honour, so it is not delivered twice), through that channel's throttle,
circuit breaker and fallbacks. Those delivered are marked replayed; the others stay, with
the new reason. Exits 3 when one was not delivered.
`,
  schema: `tocsin schema: print the JSON Schema of the config file (draft 2020-12)

Usage
  tocsin schema [> tocsin.schema.json]

It has every channel type the CLI ships with (slack, webhook, email, resend, teams,
pagerduty, discord, telegram, ntfy, googlechat, alertmanager), their options in the
file's spelling. Editors use it to complete and check tocsin.config.yaml:
see docs/configuration.md.
`,
  serve: `tocsin serve: a collector: take alerts over HTTP (and UDP) and route them through the config's channels

Usage
  tocsin serve [--port <port>] [--host <address>] [--udp-port <port>] [--config <path>] [--preset <name>]

Options
      --port <port>        HTTP port (default alerts.serve.port, else 9094; 0: any free port)
      --host <address>     Address to listen on (default alerts.serve.host, else 127.0.0.1)
      --udp-port <port>    Also take failnozzle's JSON datagrams on this UDP port (default: off)
  -c, --config <path>      Config file (default: searched from the working directory)
  -p, --preset <name>      Preset to apply (default: TOCSIN_PRESET)
  -h, --help               This help

Endpoints
  POST /v1/alerts          Tocsin's alert JSON, one object or a list; 202 with the alert ids
  POST /api/v2/alerts      Alertmanager's postable alerts (point Prometheus here); endsAt past resolves
  POST /api/v4/webhook     Alertmanager's webhook body (version 4): firing sends, resolved resolves
  GET  /healthz            200 while serving, 503 while closing

Posting needs Authorization: Bearer <token> when alerts.serve.tokens or TOCSIN_SERVE_TOKEN
sets tokens; without any, only 127.0.0.1 and ::1 may post. Refusals: 400 not JSON, 401/403
credentials, 404, 405, 413 body too large, 415 not JSON, 422 invalid alert (the field
named), 429 rate limit and 503 overloaded or closing (both with Retry-After). Accepted
alerts are answered before delivery. SIGTERM or SIGINT stops intake, sends what groups
hold, waits for deliveries, and exits 0.
`,
} as const;

export type CommandName = Exclude<keyof typeof HELP, 'main'>;
export const COMMANDS: readonly CommandName[] = [
  'check',
  'send',
  'dead-letters',
  'replay',
  'schema',
  'serve',
];
