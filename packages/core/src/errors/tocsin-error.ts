const BRAND = Symbol.for('tocsin.error');

export interface TocsinErrorOptions {
  cause?: unknown;
}

/**
 * Base of every error Tocsin throws. Carries a stable `code` and the standard `cause`.
 * Recognise it across duplicated copies of the package with `TocsinError.isInstance`,
 * which checks a `Symbol.for` brand rather than the prototype chain.
 */
export class TocsinError extends Error {
  readonly [BRAND] = true;
  override name = 'TocsinError';
  readonly code: string;

  constructor(message: string, code = 'TOCSIN_ERROR', options: TocsinErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }

  static isInstance(value: unknown): value is TocsinError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BRAND] === true
    );
  }

  /** Checks the brand and the `name`, so it works across package copies too. */
  protected static hasName(value: unknown, name: string): boolean {
    return TocsinError.isInstance(value) && value.name === name;
  }
}
