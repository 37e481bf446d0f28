import {
  type AlertInput,
  type AlertLevelInput,
  type AlertResult,
  AlertValidationError,
  alertLevelName,
  type ChannelConfig,
  createAlert,
  redactConfigSecrets,
  type TocsinConfig,
  TocsinError,
} from '@tocsin/core';
import { type CliIo, EXIT, readAll, STDIN_BODY_LIMIT } from '../cli-io.js';
import { seconds } from '../describe-config.js';
import { formatTable } from '../format-table.js';
import { HELP } from '../help.js';
import { buildCliManager, loadCliConfig } from '../load-for-cli.js';
import { parseCommandLine } from '../parse-command-line.js';
import { UsageError } from '../usage-error.js';

/** `tocsin send`: one alert through the configured channels; one line per channel, then the stats. */
export async function send(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('send', args, {
    title: { type: 'string', short: 't' },
    level: { type: 'string', short: 'l' },
    body: { type: 'string', short: 'b' },
    label: { type: 'string', multiple: true },
    channel: { type: 'string' },
    source: { type: 'string' },
    'dry-run': { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    preset: { type: 'string', short: 'p' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP.send);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `unexpected argument "${positionals[0]}" (quote the title: --title "...")`,
      'send',
    );
  if (values.title === undefined) throw new UsageError('--title is required', 'send');

  const input: AlertInput = {
    title: values.title,
    body: values.body === '-' ? await bodyFromStdin(io) : (values.body ?? ''),
    // Any spelling from the command line; createAlert below checks it.
    level: (values.level ?? 'info') as AlertLevelInput,
    labels: parseLabels(values.label ?? []),
    ...(values.source === undefined ? {} : { source: values.source }),
  };
  // The alert is checked before the config is read: a typo in --level is the user's, not the file's.
  let level: number;
  try {
    level = createAlert(input).level;
  } catch (error) {
    if (AlertValidationError.isInstance(error)) {
      throw new UsageError(error.message.replace(/^Invalid alert: `(\w+)`/, '--$1'), 'send');
    }
    throw error;
  }

  const config = await loadCliConfig(io, { config: values.config, preset: values.preset });
  const manager = await buildCliManager(io, config);
  try {
    if (values['dry-run']) return dryRun(io, config, level, values.channel, values.json === true);
    const digests = new Map<string, AlertResult>();
    manager.on('digest', (event) => digests.set(event.digest.id, event.result));
    let results: AlertResult[];
    try {
      results = await manager.send(
        input,
        values.channel === undefined ? {} : { channel: values.channel },
      );
    } catch (error) {
      if (TocsinError.isInstance(error) && error.code === 'TOCSIN_UNKNOWN_CHANNEL')
        throw new UsageError(`--channel: ${error.message}`, 'send');
      throw error;
    }
    // A one-shot command holds nothing back: closing sends what a channel's group or burst
    // buffer took, and the alert's outcome there is its digest's.
    await manager.close();
    results = results.map((result) => withDigestOutcome(result, digests));
    const stats = manager.stats;
    const filtered = Object.entries(stats.byChannel)
      .filter(([, entry]) => entry.filtered > 0)
      .map(([key]) => key);
    const clean = (text: string) => redactConfigSecrets(config, text);
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ results: results.map((r) => ({ ...r, ...(r.error ? { error: clean(r.error) } : {}) })), filtered, stats }, null, 2)}\n`,
      );
    } else {
      const rows = results.map((result) => [
        result.status === 'failed' ? 'FAILED' : result.status,
        result.channel,
        typeOf(config, result.channel),
        `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`,
        `${Math.round(result.durationMs)} ms`,
        result.success
          ? [
              result.deliveredBy === undefined ? '' : `by fallback ${result.deliveredBy}`,
              result.messageId === undefined ? '' : `id ${clean(result.messageId)}`,
            ]
              .filter(Boolean)
              .join(', ')
          : clean(result.error ?? ''),
      ]);
      for (const key of filtered) {
        const channel = config.channels[key];
        rows.push([
          'filtered',
          key,
          channel?.type ?? '',
          '-',
          '-',
          `takes ${channel ? alertLevelName(channel.minLevel) : '?'} and above`,
        ]);
      }
      if (rows.length > 0) io.stdout.write(`${formatTable(rows)}\n`);
      io.stdout.write(
        `\nsent ${stats.totalSent}, failed ${stats.totalFailed}, throttled ${stats.totalThrottled}, filtered ${stats.totalFiltered}, retries ${stats.totalRetries}\n`,
      );
    }
    if (results.length === 0) {
      io.stderr.write(
        `tocsin: no channel takes ${alertLevelName(level as never)} alerts; nothing was sent (see \`tocsin check\` for each channel's level)\n`,
      );
      return EXIT.undelivered;
    }
    // An optional channel's failure alone does not fail the command; a fallback's delivery is a delivery.
    return results.every((result) => result.success || result.optional === true)
      ? EXIT.ok
      : EXIT.undelivered;
  } finally {
    await manager.close();
  }
}

/** A `grouped` result, with the outcome of the digest it went out in (status, attempts, error). */
function withDigestOutcome(
  result: AlertResult,
  digests: ReadonlyMap<string, AlertResult>,
): AlertResult {
  const { digestId } = result;
  const digest = digestId === undefined ? undefined : digests.get(digestId);
  if (result.status !== 'grouped' || digestId === undefined || digest === undefined) return result;
  return { ...digest, channel: result.channel, alertId: result.alertId, digestId };
}

function parseLabels(pairs: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--label must be key=value; got "${pair}"`, 'send');
    labels[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  return labels;
}

function typeOf(config: TocsinConfig, key: string): string {
  return config.channels[key]?.type ?? '';
}

/** What `send` would do, from the config alone. */
function dryRun(
  io: CliIo,
  config: TocsinConfig,
  level: number,
  target: string | undefined,
  json: boolean,
): number {
  const enabled = Object.values(config.channels).filter((channel) => channel.enabled);
  let chosen: ChannelConfig[];
  const rows: string[][] = [];
  if (target !== undefined) {
    chosen =
      [
        (channel: ChannelConfig) => channel.key === target,
        (channel: ChannelConfig) => channel.name === target,
        (channel: ChannelConfig) => channel.options.name === target,
      ]
        .map((match) => enabled.filter(match))
        .find((found) => found.length > 0) ?? [];
    if (chosen.length === 0) {
      throw new UsageError(
        `--channel: no channel matches "${target}" by key, alias or name (keys: ${enabled.map((c) => c.key).join(', ') || 'none'})`,
        'send',
      );
    }
  } else {
    chosen = enabled.filter((channel) => level >= channel.minLevel);
    for (const channel of enabled) {
      if (level < channel.minLevel)
        rows.push([
          'filtered',
          channel.key,
          channel.type,
          `takes ${alertLevelName(channel.minLevel)} and above`,
        ]);
    }
  }
  const would = chosen.map((channel) => [
    'would send',
    channel.key,
    channel.type,
    `timeout ${seconds(channel.timeout)}, max_retries ${channel.maxRetries}`,
  ]);
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ dryRun: true, channels: chosen.map((c) => c.key), filtered: rows.map((r) => r[1]) }, null, 2)}\n`,
    );
  } else {
    io.stdout.write(`${formatTable([...would, ...rows])}\n\ndry run: nothing was sent\n`);
  }
  return EXIT.ok;
}

/** `--body -`: the body is standard input (a log tail, a command's output), trailing newline dropped. */
async function bodyFromStdin(io: CliIo): Promise<string> {
  if (io.stdin === undefined) throw new UsageError('--body -: there is no standard input', 'send');
  const text = await readAll(io.stdin, STDIN_BODY_LIMIT);
  if (text === undefined) {
    throw new UsageError(
      `--body -: standard input is larger than ${STDIN_BODY_LIMIT / 1024 / 1024} MiB; send a shorter excerpt (tail -c, head)`,
      'send',
    );
  }
  return text.replace(/\r?\n$/, '');
}
