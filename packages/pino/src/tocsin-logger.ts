import { type Logger, TOCSIN_LOG_MARK } from '@tocsin/core';

/** What `tocsinLogger` needs of a pino logger. */
export interface PinoLike {
  warn(object: object, message: string): void;
}

/**
 * A Logger for an AlertManager that writes Tocsin's warnings through pino, marked
 * `{ tocsin: true }`: the transport recognises them and never turns them into alerts.
 */
export function tocsinLogger(pino: PinoLike): Logger {
  return {
    warn(message) {
      pino.warn({ [TOCSIN_LOG_MARK]: true }, message);
    },
  };
}
