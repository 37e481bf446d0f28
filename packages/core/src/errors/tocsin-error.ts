const BRAND = Symbol.for('tocsin.error');
/** The brand of one class: on its prototype, so its subclasses' instances carry it too. */
const kindBrand = (name: string): symbol => Symbol.for(`tocsin.error.${name}`);

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

  /**
   * Mark the class it is called on (`static { MyError.brand('MyError'); }`) so that
   * `hasName(value, 'MyError')` recognises its instances and its subclasses' instances,
   * from any copy of the package.
   */
  protected static brand(name: string): void {
    // biome-ignore lint/complexity/noThisInStatic: the brand goes on the class it is called on.
    Object.defineProperty(this.prototype, kindBrand(name), { value: true });
  }

  /**
   * Is `value` a Tocsin error of the class branded `name`, or of a subclass of it? Checks
   * brands, not the prototype chain, so it works across package copies too; an error from
   * a copy that predates class brands is still recognised by its `name`.
   */
  protected static hasName(value: unknown, name: string): boolean {
    return (
      TocsinError.isInstance(value) &&
      ((value as unknown as Record<symbol, unknown>)[kindBrand(name)] === true ||
        value.name === name)
    );
  }
}
