/**
 * What `promise` rejected with, typed loosely so a test can read `code`, `retryable` and the
 * like; throws (and so fails the test) when it resolved instead.
 */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}
