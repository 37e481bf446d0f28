import { describe, expect, it } from 'vitest';
import { deliverWithRetries } from './deliver-with-retries.js';
import { MemoryChannel } from './memory-channel.js';

describe('deliverWithRetries (real AlertManager, no backoff)', () => {
  it('retries a retryable failure up to twice by default', async () => {
    const channel = new MemoryChannel().failNext({}, 2);
    expect(await deliverWithRetries(channel, { title: 'Disk full' })).toMatchObject({
      status: 'sent',
      attempts: 3,
    });
    const failing = new MemoryChannel().failNext({}, 3);
    expect(await deliverWithRetries(failing, { title: 'Disk full' })).toMatchObject({
      status: 'failed',
      attempts: 3,
    });
  });

  it('takes the channel options it is given', async () => {
    const channel = new MemoryChannel().failNext();
    const result = await deliverWithRetries(channel, { title: 'Disk full' }, { maxRetries: 0 });
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
  });
});
