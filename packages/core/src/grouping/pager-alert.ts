import type { AlertInput } from '../alert.js';

/**
 * What failnozzle's pager window sends when an entry's last `flushes` digests carried
 * `alerts` alerts, more than its limit: one CRITICAL alert, labelled so it can be routed.
 */
export function pagerAlert(
  entry: string,
  alerts: number,
  flushes: number,
  limit: number,
): AlertInput {
  const window = flushes === 1 ? 'digest' : `${flushes} digests`;
  return {
    title: `${alerts} alerts in the last ${window} of "${entry}"`,
    body: `The alert rate on "${entry}" passed its pager window: more than ${limit} alerts in the last ${window}.`,
    level: 'critical',
    labels: { tocsin: 'pager', channel: entry },
  };
}
