import { afterEach } from 'vitest';

/** Anything a test opens and must close: a fake server, a channel. */
export interface Closable {
  close(): unknown;
}

/**
 * Register an `afterEach` that closes what the returned function was handed during the test,
 * the last opened first (a channel before the server it talks to). Call it at the top level
 * of a test file; the returned function hands back what it is given.
 */
export function closeAfterEach(): <T extends Closable>(opened: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });
  return (opened) => {
    open.push(opened);
    return opened;
  };
}
