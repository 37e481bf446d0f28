import {
  type BurstOptions,
  createLogManager,
  LogBridge,
  type Logger,
  type LogLevelInput,
  stderrFallback,
} from '@tocsin/core';
import build from 'pino-abstract-transport';

/**
 * The options of the pino transport. They cross into pino's worker thread, so they are
 * plain data: no functions, no manager; the worker builds its own manager from the config.
 */
export interface TocsinPinoOptions {
  /**
   * A config file's path, or its content as an object (`{ alerts: { channels: ... } }`).
   * @default searched for from `cwd`, as `loadConfig` does
   */
  config?: string | object;
  /** The config preset to apply. @default the TOCSIN_PRESET environment variable */
  preset?: string;
  /** Where the config search starts and relative paths resolve from. @default process.cwd() */
  cwd?: string;
  /** Records below this level are not alerts: pino's number or name. @default 'error' */
  minLevel?: LogLevelInput;
  /** Fields of the record copied to labels (child loggers' bindings are fields). `hostname` always becomes `host`. @default [] */
  labels?: string[];
  /**
   * The burst policy of channels that set neither `group` nor `burst`; `false` sends each
   * record as it comes. @default threshold 5, buffer 15 min, cooldown 15 min, fatal bypasses
   */
  policy?: BurstOptions | false;
  /** Alerts waiting for delivery at most; past it the oldest are dropped and counted. @default 1000 */
  maxQueue?: number;
  /**
   * Seconds `end` (and the end of the process) gives pending alerts and groups, 0..8 (and 1 s more for channels to close): pino
   * blocks the main thread while its transport ends, and gives up after 10 s. @default 5
   */
  closeTimeout?: number;
}

/**
 * pino's transport entry: `pino({ transport: { target: '@tocsin/pino', options } })`. Runs
 * in pino's worker thread: records at `minLevel` and above become alerts, sent without
 * blocking the app; when pino ends the stream, what is queued or buffered is sent within
 * `closeTimeout`. Tocsin's own problems go to stderr, never back into pino. A config that
 * cannot be loaded turns the transport off (said on stderr); it never crashes the app.
 */
export default async function tocsinPinoTransport(options: TocsinPinoOptions = {}) {
  const { minLevel, labels, maxQueue } = options;
  const logger: Logger = { warn: (message) => stderrFallback(message) };
  const closeTimeout = closeSeconds(options.closeTimeout);
  let bridge: LogBridge | undefined;
  try {
    const manager = await createLogManager(options, { logger });
    bridge = new LogBridge(manager, {
      ...(minLevel === undefined ? {} : { minLevel }),
      ...(labels === undefined ? {} : { labels }),
      ...(maxQueue === undefined ? {} : { maxQueue }),
    });
  } catch (error) {
    stderrFallback(`the pino transport is off: ${(error as Error)?.message ?? String(error)}`);
  }
  return build(
    (source: NodeJS.ReadableStream) =>
      new Promise<void>((resolve) => {
        // Lines, not parsed objects: the bridge parses only what becomes an alert. 'data'
        // rather than `for await`: no promise per line, so the worker keeps up with floods.
        source.on('data', (line: string) => bridge?.writeLine(line));
        source.on('end', () => resolve());
      }),
    {
      parse: 'lines',
      async close() {
        await bridge?.close(closeTimeout * 1000);
      },
    },
  );
}

/** pino ends a transport within 10 s or destroys it: keep the close inside that. */
const MAX_CLOSE_SECONDS = 8;

function closeSeconds(value: unknown): number {
  if (value === undefined) return 5;
  if (typeof value === 'number' && value >= 0 && value <= MAX_CLOSE_SECONDS) return value;
  stderrFallback(
    `\`closeTimeout\` must be a number of seconds from 0 to ${MAX_CLOSE_SECONDS}; got ${String(value)}: using 5`,
  );
  return 5;
}
