export interface UntilOptions {
  /** How long to keep trying before giving up. @default 10_000 */
  timeoutMs?: number;
  /** How often to try. @default 20 */
  everyMs?: number;
}

/**
 * Resolves once `check()` holds (it may be async; a throw ends the wait), trying every
 * `everyMs`. After `timeoutMs` it rejects with an error naming `what`, so a test that waits
 * in vain says what it waited for instead of running into the test's own timeout. `what`
 * may be a function, asked only then: it can tell the state at the deadline (a server's log).
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  { timeoutMs = 10_000, everyMs = 20 }: UntilOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const waitedFor = typeof what === 'function' ? what() : what;
      throw new Error(`gave up after ${timeoutMs} ms waiting for ${waitedFor}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
