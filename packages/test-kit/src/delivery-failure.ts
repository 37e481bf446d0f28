import { DeliveryError } from '@tocsin/core';
import { shownText } from './shown-text.js';

/**
 * The `DeliveryError` that `promise` (a channel's `send`) rejects with. Throws, failing the
 * test, when it resolves, when it rejects with anything else, or when the error shows one of
 * `secrets` in any form a person could see (`shownText`).
 */
export async function deliveryFailure(
  promise: Promise<unknown>,
  secrets: readonly string[],
): Promise<DeliveryError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a DeliveryError, but the send resolved');
    },
    (thrown: unknown) => thrown,
  );
  if (!DeliveryError.isInstance(error))
    throw new Error(`expected a DeliveryError, got ${String(error)}`);
  const shown = shownText(error);
  const leaked = secrets.findIndex((secret) => shown.includes(secret));
  if (leaked >= 0) throw new Error(`the DeliveryError shows secrets[${leaked}]`);
  return error;
}
