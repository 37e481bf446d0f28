/** The help of each command, as `tocsin <command> --help` prints it. */
export const HELP = {
  main: `tocsin: check a Tocsin config, send an alert, print the config's JSON Schema

Usage
  tocsin check  [--config <path>] [--preset <name>] [--all-presets] [--json]
  tocsin send   --title <text> [--level <level>] [--body <text>] [--label key=value]...
                [--channel <key>] [--source <name>] [--dry-run] [--config <path>] [--preset <name>] [--json]
  tocsin schema
  tocsin <command> --help

Without --config the config is searched for from the working directory up to the project
root: package.json#tocsin, .tocsinrc[.json|.yaml|.yml|.js|.cjs|.mjs|.ts],
tocsin.config.{js,ts,mjs,cjs,json,yaml,yml}. TOCSIN_PRESET picks a preset when --preset
is not given.

Exit codes: 0 done, 1 invalid config or other error, 2 wrong command line,
3 (send) an alert was not delivered to every channel that should have had it.
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
  schema: `tocsin schema: print the JSON Schema of the config file (draft 2020-12)

Usage
  tocsin schema [> tocsin.schema.json]

It has every channel type the CLI ships with (slack, webhook, email, resend), their
options in the file's spelling. Editors use it to complete and check tocsin.config.yaml:
see docs/configuration.md.
`,
} as const;

export type CommandName = Exclude<keyof typeof HELP, 'main'>;
export const COMMANDS: readonly CommandName[] = ['check', 'send', 'schema'];
