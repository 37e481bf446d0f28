import { inspect } from 'node:util';
import {
  AlertManager,
  type Channel,
  createAlert,
  DELIVERY_ERROR_CODES,
  DeliveryError,
} from '@tocsin/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quietLogger } from './quiet-logger.js';

/** What a channel package hands the contract suite: the channel, wired to a remote it controls. */
export interface ChannelHarness {
  channel: Channel;
  /** Deliveries the remote has seen so far (requests or messages, accepted or not). */
  received(): number;
  /** Make the remote's next answer a retryable failure, a permanent one, or no answer at all. */
  failNext(kind: 'retryable' | 'permanent' | 'hang'): void;
  /** Strings that must never show in errors, results, stats or the channel's string forms. */
  secrets?: readonly string[];
  /** Stop the remote. The suite closes the channel itself. */
  teardown(): Promise<void>;
}

/**
 * The checks every channel passes: it delivers, maps failures to DeliveryError with the
 * right `retryable`, never retries on its own, honours the abort signal, keeps secrets out
 * of everything a user can see, and closes cleanly. Call it at the top level of a test file.
 */
export function testChannel(label: string, setup: () => Promise<ChannelHarness>): void {
  describe(`${label}: Channel contract`, () => {
    let harness: ChannelHarness;

    beforeEach(async () => {
      harness = await setup();
    });
    afterEach(async () => {
      await harness.channel.close?.();
      await harness.teardown();
    });

    const alert = () =>
      createAlert({
        title: 'Contract check',
        body: 'body text',
        level: 'critical',
        labels: { service: 'api' },
      });
    const context = (signal = new AbortController().signal) => ({
      signal,
      attempt: 1,
      timeoutMs: 5000,
    });

    it('has a non-empty name', () => {
      expect(typeof harness.channel.name).toBe('string');
      expect(harness.channel.name.length).toBeGreaterThan(0);
    });

    it('delivers an alert: send resolves and the remote receives exactly one delivery', async () => {
      await harness.channel.send(alert(), context());
      expect(harness.received()).toBe(1);
    });

    it('delivers through AlertManager: one sent result after one attempt', async () => {
      const manager = new AlertManager({ logger: quietLogger }).addChannel(harness.channel);
      const [result] = await manager.send(alert());
      expect(result).toMatchObject({ status: 'sent', success: true, attempts: 1 });
      expect(manager.stats.totalSent).toBe(1);
    });

    it('maps a retryable failure to a retryable DeliveryError, and does not retry by itself', async () => {
      harness.failNext('retryable');
      const error = await harness.channel.send(alert(), context()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(DeliveryError.isInstance(error)).toBe(true);
      expect((error as DeliveryError).retryable).toBe(true);
      expect((error as DeliveryError).channel).toBe(harness.channel.name);
      expect(harness.received()).toBe(1);
    });

    it('names a failure with one of the shared delivery codes, not TOCSIN_CHANNEL', async () => {
      for (const kind of ['retryable', 'permanent'] as const) {
        harness.failNext(kind);
        const error = await harness.channel.send(alert(), context()).catch((e: unknown) => e);
        const code = (error as DeliveryError).code;
        expect(DELIVERY_ERROR_CODES).toContain(code);
        expect(
          code,
          'a channel maps its own failures; TOCSIN_CHANNEL means it broke the contract',
        ).not.toBe('TOCSIN_CHANNEL');
      }
    });

    it('maps a permanent failure to a non-retryable DeliveryError, tried once through AlertManager', async () => {
      harness.failNext('permanent');
      const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
        harness.channel,
        {
          maxRetries: 3,
        },
      );
      const [result] = await manager.send(alert());
      expect(result).toMatchObject({ status: 'failed', success: false, attempts: 1 });
      expect(result?.error).toEqual(expect.any(String));
      expect(harness.received()).toBe(1);
    });

    it('honours the abort signal: a remote that never answers is given up when the signal aborts', async () => {
      harness.failNext('hang');
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(new Error('attempt timed out')), 200);
      await expect(harness.channel.send(alert(), context(controller.signal))).rejects.toBeDefined();
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('keeps secrets out of errors, results, stats and its own string forms', async () => {
      harness.failNext('permanent');
      const manager = new AlertManager({ logger: quietLogger }).addChannel(harness.channel, {
        maxRetries: 0,
      });
      const results = await manager.send(alert());
      harness.failNext('permanent');
      const thrown = await harness.channel.send(alert(), context()).catch((e: unknown) => e);
      const seen = [
        JSON.stringify(results),
        JSON.stringify(manager.stats),
        String(thrown),
        (thrown as Error)?.stack ?? '',
        inspect(thrown, { depth: 2 }),
        String(harness.channel),
        JSON.stringify(harness.channel) ?? '',
        inspect(harness.channel, { depth: 4, showHidden: false }),
      ].join('\n');
      for (const secret of harness.secrets ?? []) expect(seen).not.toContain(secret);
    });

    it('closes cleanly, and a second close is harmless', async () => {
      await harness.channel.send(alert(), context());
      await harness.channel.close?.();
      await harness.channel.close?.();
    });
  });
}
