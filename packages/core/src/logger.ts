/** Where core reports things a person should see but that are not errors (clamped limits). */
export interface Logger {
  warn(message: string): void;
}

/** The default: `process.emitWarning` with a `TocsinWarning` type, once per distinct message. */
export const defaultLogger: Logger = {
  warn(message) {
    process.emitWarning(message, { type: 'TocsinWarning', code: 'TOCSIN_LIMIT' });
  },
};
