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
});
