import { type Logger, TOCSIN_LOG_MARK } from '@tocsin/core';

/** What `tocsinLogger` needs of a winston logger. */
export interface WinstonLike {
  warn(message: string, meta: object): unknown;
}

/**
 * A Logger for an AlertManager that writes Tocsin's warnings through winston, marked
 * `{ tocsin: true }`: the transport recognises them and never turns them into alerts.
 */
export function tocsinLogger(winston: WinstonLike): Logger {
  return {
    warn(message) {
      winston.warn(message, { [TOCSIN_LOG_MARK]: true });
    },
  };
}
