import { deliverDigest, deliverRepeated, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { countsText, cutDigest, leftOutSentence } from './cut-digest.js';
import { occurrencesSentence } from './occurrences-sentence.js';

async function digestOf(inputs: Parameters<typeof deliverDigest>[1]) {
  const channel = new MemoryChannel();
  await deliverDigest(channel, inputs, { fingerprint: [] });
  const digest = channel.received[0]?.digest;
  if (digest === undefined) throw new Error('no digest');
  return digest;
}

const alert = (title: string, host: string) => ({
  title,
  level: 'error' as const,
  labels: { host },
});

describe('cutDigest', () => {
  it('keeps the largest entries first and counts the fingerprints and alerts left out', async () => {
    const digest = await digestOf([
      alert('small', 'h1'),
      alert('big', 'h1'),
      alert('big', 'h2'),
      alert('big', 'h2'),
      alert('middle', 'h3'),
      alert('middle', 'h3'),
    ]);
    const cut = cutDigest(digest, 1);
    expect(cut.shown.map((e) => e.alert.title)).toEqual(['big']);
    expect(cut).toMatchObject({ leftOut: 2, leftOutAlerts: 3 });
    expect(leftOutSentence(cut)).toBe('and 2 more unique alerts (3 alerts) not shown');
    expect(leftOutSentence(cutDigest(digest, 10))).toBe('');
    expect(countsText(cut.shown[0] as never, 'host')).toBe('h2 2X, h1 1X');
    expect(countsText(cut.shown[0] as never, 'host', 1)).toBe('h2 2X, +1 more');
  });

  it('stops where `fits` says the next entry no longer fits', async () => {
    const digest = await digestOf([alert('a', 'h'), alert('b', 'h'), alert('c', 'h')]);
    let room = 2;
    const cut = cutDigest(digest, 100, () => room-- > 0);
    expect(cut.shown).toHaveLength(2);
    expect(leftOutSentence(cut)).toBe('and 1 more unique alert (1 alert) not shown');
  });
});

describe('occurrencesSentence', () => {
  it('says how often and since when, in UTC', async () => {
    const channel = new MemoryChannel();
    await deliverRepeated(channel, { title: 'x' }, 37, new Date('2026-12-01T14:02:00Z'));
    const occurrences = channel.received.at(-1)?.occurrences;
    if (occurrences === undefined) throw new Error('no occurrences');
    expect(occurrencesSentence(occurrences)).toBe('Seen 37 times since 2026-12-01 14:02:00 UTC');
  });
});
