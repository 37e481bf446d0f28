import { describe, expect, it } from 'vitest';
import { deliverDigest, deliverRepeated } from './deliver-digest.js';
import { MemoryChannel } from './memory-channel.js';

describe('deliverDigest and deliverRepeated (real AlertManager, fake clock)', () => {
  it('hands the channel one digest of every fingerprint, however many', async () => {
    const channel = new MemoryChannel();
    const inputs = Array.from({ length: 5000 }, (_, i) => ({
      title: `e${i}`,
      level: 'error' as const,
    }));
    const event = await deliverDigest(channel, inputs);
    expect(event.result.status).toBe('sent');
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]?.digest?.entries).toHaveLength(5000);
  });

  it('hands the channel an alert that says how often it was seen', async () => {
    const channel = new MemoryChannel();
    const since = new Date('2026-12-01T14:02:00Z');
    const result = await deliverRepeated(channel, { title: 'Disk full' }, 37, since);
    expect(result.status).toBe('sent');
    const last = channel.received.at(-1);
    expect(last?.occurrences?.count).toBe(37);
    expect(last?.occurrences?.firstSeen).toEqual(since);
  });
});
