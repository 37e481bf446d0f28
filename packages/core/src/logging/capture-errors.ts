import { inspect } from 'node:util';
import type { AlertInput } from '../alert.js';
import { AlertLevel } from '../alert-level.js';
import type { AlertManager } from '../alert-manager.js';
import { redact } from '../redact.js';
import { type FallbackWriter, safeWriter, stderrFallback } from './fallback-writer.js';

export interface CaptureErrorsOptions {
  /** Forward uncaught exceptions (CRITICAL). @default true */
  uncaught?: boolean;
  /** Forward unhandled promise rejections (CRITICAL); they end the process as Node's default does. @default true */
  unhandledRejection?: boolean;
  /** Forward process warnings (WARNING), Tocsin's own excepted. @default false */
  warnings?: boolean;
  /** Seconds given to delivery after a crash before the process ends. 0..60. @default 5 */
  exitTimeout?: number;
  /**
   * End the process after a crash, as Node would (the error printed, exit code 1). `false`
   * keeps it running: only when the app has its own reason to survive a crash.
   * @default true
   */
  exit?: boolean;
  /** Labels added to every alert (`{ service: 'api' }`). @default {} */
  labels?: Readonly<Record<string, string>>;
  /** Where Tocsin's own problems go. @default stderr */
  fallback?: FallbackWriter;
}

/**
 * Forward a process's crashes (and, on request, its warnings) to `manager`, with their
 * stack. After an uncaught exception or unhandled rejection it prints the error as Node
 * does, gives delivery `exitTimeout` seconds (closing the manager sends what burst buffers
 * hold), then exits with code 1. Returns a function that removes the handlers.
 */
export function captureErrors(
  manager: AlertManager,
  options: CaptureErrorsOptions = {},
): () => void {
  const {
    uncaught = true,
    unhandledRejection = true,
    warnings = false,
    exitTimeout = 5,
    exit = true,
    labels = {},
  } = options;
  if (typeof exitTimeout !== 'number' || !(exitTimeout >= 0 && exitTimeout <= 60))
    throw new RangeError(
      `\`exitTimeout\` must be a number of seconds from 0 to 60; got ${String(exitTimeout)}`,
    );
  const fallback = safeWriter(options.fallback ?? stderrFallback);
  let ending = false;

  const send = (alert: AlertInput): Promise<unknown> =>
    manager.closed
      ? Promise.resolve()
      : manager.send(alert).then(
          (results) => {
            for (const result of results)
              if (result.status === 'failed')
                fallback(
                  `the crash alert was not delivered to "${result.channel}": ${result.error}`,
                );
          },
          (error: unknown) =>
            fallback(
              `the crash alert was refused: ${redact(String((error as Error)?.message ?? error))}`,
            ),
        );

  const crashed = (kind: 'Uncaught exception' | 'Unhandled rejection', error: unknown): void => {
    // Node prints the error before it exits; the handler took that over, so print it first.
    printCrash(error);
    const sent = send(crashAlert(kind, error, labels));
    if (!exit || ending) return;
    ending = true;
    process.exitCode = 1;
    const timer = setTimeout(() => process.exit(1), exitTimeout * 1000);
    sent
      .then(() => manager.close({ timeout: exitTimeout }))
      .catch((closeError: unknown) =>
        fallback(`closing the alert manager failed: ${String(closeError)}`),
      )
      .finally(() => {
        clearTimeout(timer);
        process.exit(1);
      });
  };

  const onUncaught = (error: unknown) => crashed('Uncaught exception', error);
  const onRejection = (reason: unknown) => crashed('Unhandled rejection', reason);
  const onWarning = (warning: Error) => {
    // Tocsin's own warnings (clamped limits) must not become alerts: they may be about this very path.
    if (warning.name === 'TocsinWarning') return;
    void send({
      title: `${warning.name}: ${warning.message}`.slice(0, 200),
      body: warning.stack ?? '',
      level: AlertLevel.WARNING,
      labels: { ...labels },
    });
  };

  if (uncaught) process.on('uncaughtException', onUncaught);
  if (unhandledRejection) process.on('unhandledRejection', onRejection);
  if (warnings) process.on('warning', onWarning);
  return () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  };
}

function crashAlert(
  kind: string,
  error: unknown,
  labels: Readonly<Record<string, string>>,
): AlertInput {
  const message = error instanceof Error ? error.message : inspect(error);
  const firstLine = (message.split('\n')[0] ?? '').trim();
  return {
    title: `${kind}: ${firstLine === '' ? '(no message)' : firstLine}`.slice(0, 200),
    body: error instanceof Error ? (error.stack ?? message) : message,
    level: AlertLevel.CRITICAL,
    labels: {
      ...labels,
      crash: kind === 'Uncaught exception' ? 'uncaught' : 'unhandled_rejection',
    },
  };
}

function printCrash(error: unknown): void {
  try {
    process.stderr.write(
      `${error instanceof Error ? inspect(error) : `Uncaught ${inspect(error)}`}\n`,
    );
  } catch {
    // stderr is gone: the exit code still says it crashed.
  }
}
