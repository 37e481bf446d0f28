import {
  alertLevelName,
  type DeadLetter,
  type DeadLetterFilter,
  FileDeadLetters,
  parseDuration,
  redactConfigSecrets,
  type TocsinConfig,
} from '@tocsin/core';
import { type CliIo, EXIT } from '../cli-io.js';
import { formatTable } from '../format-table.js';
import { HELP } from '../help.js';
import { buildCliManager, loadCliConfig } from '../load-for-cli.js';
import { parseCommandLine } from '../parse-command-line.js';
import { UsageError } from '../usage-error.js';

const OPTIONS = {
  since: { type: 'string' },
  channel: { type: 'string' },
  config: { type: 'string', short: 'c' },
  preset: { type: 'string', short: 'p' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tocsin dead-letters`: the alerts that ended undelivered and wait for a replay. */
export async function deadLetters(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('dead-letters', args, OPTIONS);
  if (values.help) {
    io.stdout.write(HELP['dead-letters']);
    return EXIT.ok;
  }
  noPositionals(positionals, 'dead-letters');
  const filter = readFilter(values, 'dead-letters');
  const config = await loadCliConfig(io, { config: values.config, preset: values.preset });
  const letters = await new FileDeadLetters(folderOf(config)).list(filter);
  const clean = (text: string) => redactConfigSecrets(config, text);
  if (values.json) {
    const shown = letters.map((letter) => ({ ...letter, error: clean(letter.error) }));
    io.stdout.write(`${JSON.stringify({ deadLetters: shown }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (letters.length === 0) {
    io.stdout.write(`no dead letters in ${folderOf(config).dir}\n`);
    return EXIT.ok;
  }
  const rows = [['WRITTEN', 'CHANNEL', 'STATUS', 'LEVEL', 'ALERT', 'REASON']];
  for (const letter of letters)
    rows.push([
      letter.at,
      letter.channel,
      letter.status,
      levelOf(letter),
      `${letter.alert.title} (${letter.alert.id})`,
      clean(letter.error),
    ]);
  io.stdout.write(
    `${formatTable(rows)}\n\n${letters.length} dead letter${letters.length === 1 ? '' : 's'}; \`tocsin replay\` sends them again\n`,
  );
  return EXIT.ok;
}

/** `tocsin replay`: send the dead letters again, each to its channel, under its alert id. */
export async function replay(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('replay', args, {
    ...OPTIONS,
    'dry-run': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(HELP.replay);
    return EXIT.ok;
  }
  noPositionals(positionals, 'replay');
  const filter = readFilter(values, 'replay');
  const config = await loadCliConfig(io, { config: values.config, preset: values.preset });
  folderOf(config);
  const clean = (text: string) => redactConfigSecrets(config, text);
  if (values['dry-run']) {
    const letters = await new FileDeadLetters(folderOf(config)).list(filter);
    const rows = letters.map((letter) => [
      'would replay',
      letter.channel,
      `${letter.alert.title} (${letter.alert.id})`,
    ]);
    io.stdout.write(
      `${rows.length > 0 ? `${formatTable(rows)}\n\n` : ''}dry run: ${letters.length} dead letter${letters.length === 1 ? '' : 's'}, nothing was sent\n`,
    );
    return EXIT.ok;
  }
  const manager = await buildCliManager(io, config);
  try {
    const outcomes = await manager.replayDeadLetters(filter);
    await manager.close();
    if (values.json) {
      const shown = outcomes.map(({ letter, result, error }) => ({
        id: letter.id,
        channel: letter.channel,
        alertId: letter.alert.id,
        ...(result === undefined
          ? {}
          : { result: { ...result, error: clean(result.error ?? '') || undefined } }),
        ...(error === undefined ? {} : { error: clean(error) }),
      }));
      io.stdout.write(`${JSON.stringify({ replayed: shown }, null, 2)}\n`);
    } else if (outcomes.length === 0) {
      io.stdout.write('no dead letters to replay\n');
    } else {
      const rows = outcomes.map(({ letter, result, error }) => [
        result === undefined
          ? 'SKIPPED'
          : result.success
            ? result.status
            : result.status.toUpperCase(),
        letter.channel,
        `${letter.alert.title} (${letter.alert.id})`,
        clean(
          error ??
            (result?.success
              ? result.deliveredBy === undefined
                ? ''
                : `by fallback ${result.deliveredBy}`
              : (result?.error ?? '')),
        ),
      ]);
      const sent = outcomes.filter((o) => o.result?.success).length;
      io.stdout.write(
        `${formatTable(rows)}\n\nreplayed ${sent} of ${outcomes.length}; the others stay for the next replay\n`,
      );
    }
    return outcomes.every((o) => o.result?.success) ? EXIT.ok : EXIT.undelivered;
  } finally {
    await manager.close();
  }
}

function noPositionals(positionals: readonly string[], command: string): void {
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"`, command);
}

/** `--since 2h` (that long ago) or `--since 2026-12-01T08:00Z`; `--channel <key>`. */
function readFilter(
  values: { since?: string | undefined; channel?: string | undefined },
  command: string,
): DeadLetterFilter {
  const filter: { since?: Date; channel?: string } = {};
  if (values.channel !== undefined) filter.channel = values.channel;
  const given = values.since;
  if (given !== undefined) {
    const ago = parseDuration(given);
    const at = ago === undefined ? Date.parse(given) : Date.now() - ago * 1000;
    const since = Number.isNaN(at) ? undefined : new Date(at);
    if (since === undefined)
      throw new UsageError(
        `--since must be a duration (30m, 2h, 1d) or a date (2026-12-01T08:00Z); got "${given}"`,
        command,
      );
    filter.since = since;
  }
  return filter;
}

/** The config's dead-letter folder. @throws UsageError when it has none. */
function folderOf(config: TocsinConfig): { dir: string } {
  if (config.deadLetters === undefined)
    throw new UsageError(
      `the config${config.file === undefined ? '' : ` (${config.file})`} keeps no dead letters: set alerts.dead_letters.dir`,
    );
  return config.deadLetters;
}

function levelOf(letter: DeadLetter): string {
  try {
    return alertLevelName(letter.alert.level as never);
  } catch {
    return String(letter.alert.level);
  }
}
