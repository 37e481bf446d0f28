import { ConfigError, maskConfig, type TocsinConfig } from '@tocsin/core';
import { type CliIo, EXIT } from '../cli-io.js';
import { describeConfig } from '../describe-config.js';
import { HELP } from '../help.js';
import { buildCliManager, loadCliConfig } from '../load-for-cli.js';
import { parseCommandLine } from '../parse-command-line.js';
import { UsageError } from '../usage-error.js';

/** `tocsin check`: load, validate, build every channel (sending nothing), and show the result. */
export async function check(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('check', args, {
    config: { type: 'string', short: 'c' },
    preset: { type: 'string', short: 'p' },
    'all-presets': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP.check);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `unexpected argument "${positionals[0]}" (give the file with --config)`,
      'check',
    );
  if (values['all-presets'] && values.preset !== undefined)
    throw new UsageError('give either --preset or --all-presets', 'check');

  if (!values['all-presets']) {
    const config = await checkOne(io, { config: values.config, preset: values.preset });
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ ok: true, config: maskConfig(config) }, null, 2)}\n`
        : `${describeConfig(config)}\n\n${summary(config)}\n`,
    );
    return EXIT.ok;
  }

  const base = await checkOne(io, { config: values.config, noEnvPreset: true });
  const reports: Array<{ preset: string | null; ok: boolean; config?: unknown; error?: string }> = [
    { preset: null, ok: true, config: maskConfig(base) },
  ];
  if (!values.json)
    io.stdout.write(`== without a preset ==\n${describeConfig(base)}\n\n${summary(base)}\n`);
  let failed = 0;
  for (const preset of base.presets) {
    try {
      const config = await checkOne(io, { config: base.file ?? values.config, preset });
      reports.push({ preset, ok: true, config: maskConfig(config) });
      if (!values.json)
        io.stdout.write(
          `\n== preset ${preset} ==\n${describeConfig(config)}\n\n${summary(config)}\n`,
        );
    } catch (error) {
      if (!ConfigError.isInstance(error)) throw error;
      failed++;
      reports.push({ preset, ok: false, error: error.message });
      if (!values.json) io.stdout.write(`\n== preset ${preset} ==\nINVALID (details on stderr)\n`);
      io.stderr.write(`tocsin: preset ${preset}: ${error.message}\n`);
    }
  }
  if (values.json) io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  return failed > 0 ? EXIT.error : EXIT.ok;
}

/** Load and build (then close) every channel: what `send` would do, short of sending. */
async function checkOne(
  io: CliIo,
  options: Parameters<typeof loadCliConfig>[1],
): Promise<TocsinConfig> {
  const config = await loadCliConfig(io, options);
  const manager = await buildCliManager(io, config);
  await manager.close();
  return config;
}

function summary(config: TocsinConfig): string {
  const channels = Object.values(config.channels);
  const enabled = channels.filter((channel) => channel.enabled).length;
  const disabled = channels.length - enabled;
  return `OK: ${enabled} channel${enabled === 1 ? '' : 's'} ready${disabled > 0 ? `, ${disabled} disabled` : ''}.`;
}
