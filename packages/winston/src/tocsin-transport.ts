import { hostname } from 'node:os';
import {
  type AlertManager,
  createLogManager,
  type FallbackWriter,
  LogBridge,
  type LogBridgeStats,
  type LogLevelInput,
  type LogManagerOptions,
  stderrFallback,
} from '@tocsin/core';
import Transport from 'winston-transport';

/** Options shared by both ways of making the transport. */
export interface TocsinWinstonCommonOptions extends Transport.TransportStreamOptions {
  /** Records below this level are not alerts: a winston or syslog name, or pino's number. @default 'error' */
  minLevel?: LogLevelInput;
  /** Fields of `info` copied to labels (`defaultMeta` and child loggers' fields included). @default [] */
  labels?: string[];
  /** The `host` label, when `info` has no `hostname`. @default os.hostname() */
  host?: string;
  /** Alerts waiting for delivery at most; past it the oldest are dropped and counted. @default 1000 */
  maxQueue?: number;
  /** Milliseconds `close()` gives pending alerts and what burst buffers hold. @default 5000 */
  closeTimeout?: number;
  /** Where Tocsin's own problems go: never this logger. @default stderr */
  fallback?: FallbackWriter;
}

export interface TocsinWinstonOptions extends TocsinWinstonCommonOptions {
  /** The manager to send to, built by the app (its entries' noise control is the app's). */
  manager: AlertManager;
}

/**
 * A winston transport: `info` at `minLevel` and above becomes an alert (`message` the
 * title, `stack` the body, `level` mapped: error ERROR, warn WARNING, crit/alert/emerg
 * CRITICAL). `log` returns at once; alerts go through a bounded queue. `close()` sends what
 * is queued and what burst buffers hold, then closes the manager.
 */
export class TocsinTransport extends Transport {
  /** The bridge between this transport and its manager: `stats` tell what it did. */
  private readonly bridge: LogBridge;
  private readonly closeTimeout: number;

  constructor(options: TocsinWinstonOptions) {
    const { manager, minLevel, labels, host, maxQueue, closeTimeout, fallback, ...transport } =
      options;
    super(transport);
    this.closeTimeout = closeTimeout ?? 5000;
    this.bridge = new LogBridge(manager, {
      minLevel: minLevel ?? 'error',
      host: host ?? hostname(),
      fallback: fallback ?? stderrFallback,
      ...(labels === undefined ? {} : { labels }),
      ...(maxQueue === undefined ? {} : { maxQueue }),
    });
  }

  /**
   * Build the manager from a Tocsin config, with the log policy (AlpineBits' burst: threshold
   * 5, buffer 15 min, cooldown 15 min) on every channel without its own grouping.
   * @throws ConfigError naming the file and path when the config is wrong.
   */
  static async fromConfig(
    options: TocsinWinstonCommonOptions & LogManagerOptions = {},
  ): Promise<TocsinTransport> {
    const { config, preset, cwd, policy, ...rest } = options;
    const fallback = rest.fallback ?? stderrFallback;
    const manager = await createLogManager(
      {
        ...(config === undefined ? {} : { config }),
        ...(preset === undefined ? {} : { preset }),
        ...(cwd === undefined ? {} : { cwd }),
        ...(policy === undefined ? {} : { policy }),
      },
      { logger: { warn: fallback } },
    );
    return new TocsinTransport({ ...rest, manager });
  }

  get manager(): AlertManager {
    return this.bridge.manager;
  }

  get stats(): LogBridgeStats {
    return this.bridge.stats;
  }

  override log(info: Record<string, unknown>, next: () => void): void {
    this.bridge.write(info);
    next();
  }

  /** Send what is queued and held, then close the manager: within `closeTimeout`. */
  override close(): Promise<void> {
    return this.bridge.close(this.closeTimeout);
  }
}
