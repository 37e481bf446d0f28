import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { createAlert, createAlertAt } from './alert.js';
import { AlertManager } from './alert-manager.js';
import { AlertValidationError } from './errors/alert-validation-error.js';
import { hashFingerprint } from './fingerprint.js';

const quiet = { warn: () => {} };

describe('an alert fingerprint', () => {
  it('is stable across processes and releases: a pinned value', () => {
    // Receivers store fingerprints (PagerDuty's dedup_key): changing the hash breaks them.
    expect(hashFingerprint(30, 'Database down', { service: 'api', host: 'web-1' }, undefined)).toBe(
      createAlert({
        title: 'Database down',
        level: 'critical',
        labels: { host: 'web-1', service: 'api' },
      }).fingerprint,
    );
    expect(createAlert({ title: 'Database down', level: 'critical' }).fingerprint).toBe(
      '037a30a992d54221',
    );
  });

  it('ignores timestamp, id, source, body and label order; depends on level, title and labels', () => {
    const base = createAlert({ title: 'T', level: 'error', labels: { a: '1', b: '2' } });
    const same = createAlert({
      title: 'T',
      level: 25,
      labels: { b: '2', a: '1' },
      body: 'other body',
      source: 'elsewhere',
      id: 'x',
      timestamp: new Date(0),
    });
    expect(same.fingerprint).toBe(base.fingerprint);
    for (const other of [
      { title: 'T2', level: 'error', labels: { a: '1', b: '2' } },
      { title: 'T', level: 'warning', labels: { a: '1', b: '2' } },
      { title: 'T', level: 'error', labels: { a: '1', b: '3' } },
      { title: 'T', level: 'error', labels: { a: '1' } },
      // The parts cannot run into each other.
      { title: 'T', level: 'error', labels: { a: '12', b: '' } },
    ] as const)
      expect(createAlert(other).fingerprint).not.toBe(base.fingerprint);
  });

  it('is the dedupKey when the caller gives one, whatever the rule', () => {
    const alert = createAlertAt({ title: 'T', dedupKey: 'disk-full/web-1' }, '', 0, () => 'rule');
    expect(alert.fingerprint).toBe('disk-full/web-1');
    expect(alert.dedupKey).toBe('disk-full/web-1');
    expect(() => createAlert({ title: 'T', dedupKey: 'x'.repeat(256) })).toThrow(
      AlertValidationError,
    );
    expect(() => createAlert({ title: 'T', dedupKey: '' })).toThrow(/dedupKey/);
  });

  it('counts only the labels a rule names, or what a rule function returns', () => {
    const rule = ['service'];
    const a = createAlertAt({ title: 'T', labels: { service: 's', host: 'h1' } }, '', 0, rule);
    const b = createAlertAt({ title: 'T', labels: { service: 's', host: 'h2' } }, '', 0, rule);
    const c = createAlertAt({ title: 'T', labels: { service: 't', host: 'h1' } }, '', 0, rule);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    const byService = (alert: { labels: Record<string, string> }) => `svc:${alert.labels.service}`;
    expect(
      createAlertAt({ title: 'x', labels: { service: 's' } }, '', 0, byService).fingerprint,
    ).toBe('svc:s');
  });

  it('rejects the send, naming the alert, when a rule function fails or answers badly', async () => {
    const m = new AlertManager({
      logger: quiet,
      fingerprint: (alert) => (alert.title === 'bad' ? '' : alert.title),
    }).addChannel(new MemoryChannel());
    await expect(m.send([{ title: 'ok' }, { title: 'bad' }])).rejects.toThrow(
      /`\[1\]\.fingerprint` could not be made: a `fingerprint` function must return a non-empty string/,
    );
    expect(m.stats.totalAlerts).toBe(0);
    expect(() => new AlertManager({ fingerprint: 'service' as never })).toThrow(
      /`fingerprint` must be a list of label names or a function/,
    );
  });

  it('appears on every result and on what channels receive; an entry may use its own rule', async () => {
    const all = new MemoryChannel({ name: 'all' });
    const byService = new MemoryChannel({ name: 'by-service' });
    const m = new AlertManager({ logger: quiet })
      .addChannel(all)
      .addChannel(byService, { fingerprint: ['service'] });
    const results = await m.send({ title: 'T', labels: { service: 's', host: 'h' } });
    const [own, entry] = results;
    expect(own?.fingerprint).toBe(all.received[0]?.fingerprint);
    expect(entry?.fingerprint).toBe(byService.received[0]?.fingerprint);
    expect(entry?.fingerprint).toBe(hashFingerprint(10, 'T', { service: 's' }, undefined));
    expect(own?.fingerprint).not.toBe(entry?.fingerprint);
    // The same alert otherwise: same id, title, labels.
    expect(byService.received[0]?.id).toBe(all.received[0]?.id);
    expect(byService.received[0]?.labels).toEqual({ service: 's', host: 'h' });
  });
});
