/** The command line is wrong. Printed without a stack, with a pointer to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'TOCSIN_USAGE';

  constructor(
    message: string,
    /** The command whose help to point at; undefined for the top level. */
    readonly command?: string,
  ) {
    super(message);
  }
}
