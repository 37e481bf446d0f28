import type { AlertInput, AlertManager, AlertResult, Logger } from '@tocsin/core';
import { redact } from '@tocsin/core';
import type { PendingAlerts } from './pending-alerts.js';

const NOT_SETTLED = Symbol('not settled');

/**
 * Hand alerts to `manager.send` without waiting for their delivery, and learn at once
 * whether they were accepted: `send` validates the whole batch before routing any of it,
 * and refuses an invalid alert (or a closed manager) with a promise already rejected, so
 * a race against a promise resolved now tells refused from accepted in one turn.
 * The pending count is released when the send settles.
 * @throws what `send` refuses with (AlertValidationError, the closed manager's TocsinError)
 */
export async function submitAlerts(
  manager: AlertManager,
  inputs: AlertInput[],
  pending: PendingAlerts,
  logger: Logger,
): Promise<void> {
  const sending = manager.send(inputs);
  const n = inputs.length;
  let settled: AlertResult[] | typeof NOT_SETTLED;
  try {
    settled = await Promise.race<AlertResult[] | typeof NOT_SETTLED>([sending, NOT_SETTLED]);
  } catch (error) {
    pending.release(n);
    throw error;
  }
  if (settled !== NOT_SETTLED) {
    pending.release(n);
    return;
  }
  sending.then(
    () => pending.release(n),
    (error: unknown) => {
      pending.release(n);
      logger.warn(`a send the collector accepted failed: ${redact(String(error))}`);
    },
  );
}
