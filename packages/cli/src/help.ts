/** The help of each command, as `tocsin <command> --help` prints it. */
export const HELP = {
  main: `tocsin: check a Tocsin config, send an alert, replay dead letters, print the config's JSON Schema

Usage
  tocsin check  [--config <path>] [--preset <name>] [--all-presets] [--json]
  tocsin send   --title <text> [--level <level>] [--body <text>] [--label key=value]...
                [--channel <key>] [--source <name>] [--dry-run] [--config <path>] [--preset <name>] [--json]
  tocsin dead-letters [--since <duration|date>] [--channel <key>] [--config <path>] [--json]
  tocsin replay [--since <duration|date>] [--channel <key>] [--dry-run] [--config <path>] [--json]
  tocsin schema
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
} as const;

export type CommandName = Exclude<keyof typeof HELP, 'main'>;
export const COMMANDS: readonly CommandName[] = [
  'check',
  'send',
  'dead-letters',
  'replay',
  'schema',
];
