import { TocsinError, type TocsinErrorOptions } from './tocsin-error.js';

/** An alert passed to `send` is malformed. Names the field; the alert reached no channel. */
export class AlertValidationError extends TocsinError {
  static {
    AlertValidationError.brand('AlertValidationError');
  }
  override name = 'AlertValidationError';
  /** The offending field, as a path (`title`, `labels.host`, `[2].level` in a batch). */
  readonly field: string;

  constructor(field: string, message: string, options: TocsinErrorOptions = {}) {
    super(`Invalid alert: \`${field}\` ${message}`, 'TOCSIN_ALERT_INVALID', options);
    this.field = field;
  }

  static override isInstance(value: unknown): value is AlertValidationError {
    return TocsinError.hasName(value, 'AlertValidationError');
  }
}
