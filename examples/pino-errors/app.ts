/**
 * The service: it logs through pino, with @tocsin/pino as its transport (in pino's worker
 * thread). Its alerts go to the webhook at WEBHOOK_URL. It ends on its own, and pino ends
 * the transport then: what the burst buffer holds goes out before the process exits.
 */
import pino from 'pino';

const logger = pino({
  name: 'payments',
  transport: {
    target: '@tocsin/pino',
    options: {
      config: { alerts: { channels: { ops: { type: 'webhook', url: process.env.WEBHOOK_URL } } } },
      labels: ['service'],
      // The default policy, spelled out: AlpineBits' burst buffer; fatal skips it.
      policy: { threshold: 5, buffer: '15m', cooldown: '15m', bypassLevel: 'critical' },
    },
  },
}).child({ service: 'checkout' });

logger.info('service started'); // below minLevel ('error'): not an alert
for (let i = 1; i <= 6; i++)
  logger.error(new Error(`upstream timed out after 30 s (order ${i})`), 'payment provider timeout');
logger.fatal(new Error('ledger checksum mismatch'), 'ledger corrupted');
logger.warn('retry queue is deep'); // below minLevel
