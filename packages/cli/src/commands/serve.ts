import { performance } from 'node:perf_hooks';
import { redactConfigSecrets, type ServeSettings } from '@tocsin/core';
import { type CliIo, EXIT } from '../cli-io.js';
import { HELP } from '../help.js';
import { buildCliManager, loadCliConfig } from '../load-for-cli.js';
import { parseCommandLine } from '../parse-command-line.js';
import { INTAKE_PATHS, startCollector } from '../serve/collector.js';
import { COLLECTOR_DEFAULTS, type CollectorOptions } from '../serve/collector-options.js';
import { UsageError } from '../usage-error.js';

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  preset: { type: 'string', short: 'p' },
  port: { type: 'string' },
  host: { type: 'string' },
  'udp-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Signals that stop the collector gracefully. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * `tocsin serve`: a collector. Builds the manager from the config, serves its intakes
 * until SIGTERM or SIGINT, then stops accepting, closes the manager (held digests go
 * out, deliveries in flight finish) and returns 0.
 */
export async function serve(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('serve', args, OPTIONS);
  if (values.help) {
    io.stdout.write(HELP.serve);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"`, 'serve');
  const config = await loadCliConfig(io, { config: values.config, preset: values.preset });
  const settings = config.serve;
  const options = collectorOptions(io, settings, values, config.file ?? 'the config');
  const manager = await buildCliManager(io, config);
  const clean = (text: string) =>
    redactConfigSecrets(
      config,
      options.tokens.reduce((t, token) => t.split(token).join('***'), text),
    );
  let collector: Awaited<ReturnType<typeof startCollector>>;
  try {
    collector = await startCollector(manager, {
      ...options,
      logger: { warn: (message) => io.stderr.write(`warning: ${clean(message)}\n`) },
    });
  } catch (error) {
    await manager.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new Error(
        `cannot listen on ${options.host} port ${(error as { port?: number }).port ?? options.port}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'} (--port, --udp-port, alerts.serve)`,
      );
    throw error;
  }
  io.stdout.write(
    `tocsin serve: listening on ${collector.url} (POST ${INTAKE_PATHS.join(', ')}; GET /healthz)${
      collector.udpPort === undefined
        ? ''
        : `, udp ${options.host}:${collector.udpPort} (failnozzle JSON)`
    }\n${
      options.tokens.length > 0
        ? `auth: a bearer token is required (${options.tokens.length === 1 ? 'one token' : `${options.tokens.length} tokens`})\n`
        : 'auth: no tokens (serve.tokens, TOCSIN_SERVE_TOKEN): only 127.0.0.1 and ::1 may post\n'
    }channels: ${manager.channels.join(', ') || 'none'}\n`,
  );

  let stop: (name: NodeJS.Signals) => void = () => {};
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    stop = resolve;
    for (const name of STOP_SIGNALS) process.once(name, stop);
  });
  for (const name of STOP_SIGNALS) process.off(name, stop);
  // A second signal while closing ends the process at once, as a user pressing Ctrl-C twice expects.
  const again = (name: NodeJS.Signals) => {
    io.stderr.write(`tocsin serve: ${name} again: ending now, without waiting for the close\n`);
    process.exit(EXIT.error);
  };
  for (const name of STOP_SIGNALS) process.once(name, again);
  io.stdout.write(
    `tocsin serve: ${signal}: stopping intake, sending what is held, closing the channels\n`,
  );
  await collector.close();
  await manager.close();
  for (const name of STOP_SIGNALS) process.off(name, again);
  const stats = manager.stats;
  io.stdout.write(
    `tocsin serve: closed. alerts ${stats.totalAlerts}: sent ${stats.totalSent}, failed ${stats.totalFailed}, throttled ${stats.totalThrottled}, grouped ${stats.totalGrouped} (digests sent ${stats.digests.sent}); refused requests ${JSON.stringify(collector.stats.refused)}\n`,
  );
  return EXIT.ok;
}

/** Command line over `alerts.serve` over the defaults; the token from TOCSIN_SERVE_TOKEN too. */
function collectorOptions(
  io: CliIo,
  settings: ServeSettings | undefined,
  values: { port?: string | undefined; host?: string | undefined; 'udp-port'?: string | undefined },
  file: string,
): Omit<CollectorOptions, 'logger'> {
  const envToken = io.env.TOCSIN_SERVE_TOKEN;
  const rate = settings?.rateLimit;
  return {
    host: values.host ?? settings?.host ?? COLLECTOR_DEFAULTS.host,
    port:
      port(values.port, '--port') ??
      checkPort(settings?.port, `${file}: alerts.serve.port`) ??
      COLLECTOR_DEFAULTS.port,
    udpPort:
      port(values['udp-port'], '--udp-port') ??
      checkPort(settings?.udpPort, `${file}: alerts.serve.udp_port`),
    tokens: [...(settings?.tokens ?? []), ...(envToken ? [envToken] : [])],
    maxBodyBytes: settings?.maxBodyBytes ?? COLLECTOR_DEFAULTS.maxBodyBytes,
    rateLimit:
      rate === false
        ? false
        : rate === undefined
          ? { ...COLLECTOR_DEFAULTS.rateLimit }
          : { rate: rate.rate, per: rate.per, burst: rate.burst ?? rate.rate * 2 },
    maxPending: settings?.maxPending ?? COLLECTOR_DEFAULTS.maxPending,
    maxInFlight: COLLECTOR_DEFAULTS.maxInFlight,
    maxSources: COLLECTOR_DEFAULTS.maxSources,
    now: () => performance.now(),
  };
}

function port(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0 || value > 65_535)
    throw new UsageError(`${option} must be a port number, 0..65535; got "${text}"`, 'serve');
  return value;
}

function checkPort(value: number | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(`${path}: expected a port number, 0..65535; got ${value}`);
  return value;
}
