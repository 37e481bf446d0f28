import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertFingerprint } from './alert-fingerprint.js';

// Fingerprints as Alertmanager computes them (the alertmanager package's tests compare with
// a real server's); these pin them, whatever the order the labels were written in.
describe('alertFingerprint', () => {
  it.each([
    [{}, 'cbf29ce484222325'],
    [{ severity: 'critical', alertname: 'HighLatency', service: 'api' }, '6a4f37c34a2d1e4b'],
    [{ b: '', é: '€😀' }, '0bc7420ecff0426a'],
    [
      { alertname: 'BenchAlert', instance: 'host-1:9100', job: 'node', severity: 'warning' },
      'd9e9c8a931951283',
    ],
  ])('%j -> %s', (labels, fingerprint) => {
    expect(alertFingerprint(labels)).toBe(fingerprint);
  });

  it('equals FNV-1a 64 over the UTF-8 bytes for any label set, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: anyUnit }), fc.string({ unit: anyUnit })),
        (labels) => {
          expect(alertFingerprint(labels)).toBe(reference(labels));
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Any code point, or any single UTF-16 unit (a lone surrogate among them). */
const anyUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
);

/** The definition, slowly: BigInt arithmetic over the bytes Buffer.from writes. */
function reference(labels: Record<string, string>): string {
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
  let hash = 0xcbf29ce484222325n;
  for (const text of names.flatMap((name) => [name, labels[name] as string]))
    for (const byte of [...utf8(text), 0xff])
      hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}
