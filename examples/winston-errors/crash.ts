/**
 * A process that crashes, with captureErrors: the uncaught exception is sent to the webhook
 * at WEBHOOK_URL with its stack, printed as Node prints it, and the process exits 1.
 */
import { AlertManager, captureErrors } from '@tocsin/core';
import { WebhookChannel } from '@tocsin/webhook';

const manager = new AlertManager().addChannel(
  new WebhookChannel({ url: process.env.WEBHOOK_URL as string }),
);
captureErrors(manager, { exitTimeout: 5, labels: { service: 'checkout' } });

function settleInvoice(): never {
  throw new Error('invoice 4411 has no currency');
}
setTimeout(settleInvoice, 10);
