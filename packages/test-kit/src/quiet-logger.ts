import type { Logger } from '@tocsin/core';

/** A logger that drops core's warnings, for managers a test builds on purpose with odd limits. */
export const quietLogger: Logger = { warn: () => {} };
