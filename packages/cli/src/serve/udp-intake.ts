import { createSocket, type Socket } from 'node:dgram';
import type { AlertManager, Logger } from '@tocsin/core';
import { BadDatagram, readFailnozzleDatagram } from './failnozzle-datagram.js';
import type { PendingAlerts } from './pending-alerts.js';
import type { SourceRateLimit } from './source-rate-limit.js';
import { submitAlerts } from './submit-alerts.js';

/** What the UDP intake did with the datagrams it got: no client hears of a refusal. */
export interface UdpIntakeStats {
  accepted: number;
  invalid: number;
  rateLimited: number;
  overloaded: number;
}

/**
 * failnozzle's intake: one JSON datagram per message on a UDP port. UDP has no answer, so
 * a refused datagram is counted, and the first of each kind is logged with its reason.
 */
export async function startUdpIntake(options: {
  manager: AlertManager;
  host: string;
  port: number;
  pending: PendingAlerts;
  rateLimit: SourceRateLimit | undefined;
  logger: Logger;
}): Promise<{ socket: Socket; port: number; stats: UdpIntakeStats; close(): Promise<void> }> {
  const { manager, pending, rateLimit, logger } = options;
  const stats: UdpIntakeStats = { accepted: 0, invalid: 0, rateLimited: 0, overloaded: 0 };
  const once = (what: keyof UdpIntakeStats, message: string) => {
    if (++stats[what] === 1) logger.warn(`udp intake: ${message} (further ones are only counted)`);
  };
  const socket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (data, from) => {
    if (rateLimit !== undefined && rateLimit.take(from.address) > 0) {
      once('rateLimited', `dropped a datagram from ${from.address}: past its rate limit`);
      return;
    }
    let input: ReturnType<typeof readFailnozzleDatagram>;
    try {
      input = readFailnozzleDatagram(data);
    } catch (error) {
      if (!(error instanceof BadDatagram)) throw error;
      once('invalid', `dropped a datagram from ${from.address}: ${error.message}`);
      return;
    }
    if (manager.closed) return;
    if (!pending.reserve(1)) {
      once('overloaded', `dropped a datagram: ${pending.max} alerts are already pending`);
      return;
    }
    submitAlerts(manager, [input], pending, logger).then(
      () => stats.accepted++,
      (error: unknown) => once('invalid', `dropped a datagram: ${(error as Error).message}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (error) => logger.warn(`udp intake: ${error.message}`));
  return {
    socket,
    port: socket.address().port,
    stats,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
