import type { FakeHttpServer } from '@tocsin/test-kit';
import { PagerDutyChannel, type PagerDutyChannelOptions } from '../src/index.js';

/** A routing key of the real shape (32 letters and digits): the secret of every test. */
export const ROUTING_KEY = 'Rpd0secret0routing0key0123456789';

/** A PagerDutyChannel sending to the fake server. */
export function pagerDutyChannel(
  server: FakeHttpServer | string,
  options: Partial<PagerDutyChannelOptions> = {},
): PagerDutyChannel {
  return new PagerDutyChannel({
    routingKey: ROUTING_KEY,
    baseUrl: typeof server === 'string' ? server : server.url,
    source: 'web-1',
    ...options,
  });
}
