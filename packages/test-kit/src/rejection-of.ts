/**
 * What `promise` rejected with; throws (and so fails the test) when it resolved instead.
 * `E` is what the test goes on to read (by default any `Error` property, `code` and
 * `retryable` too): a type for the test's convenience, not a check.
 */
export async function rejectionOf<E = Error & Record<string, unknown>>(
  promise: Promise<unknown>,
): Promise<E> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (error: unknown) => error as E,
  );
}
