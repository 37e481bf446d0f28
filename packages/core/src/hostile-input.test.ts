import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from './alert-manager.js';
import { AlertValidationError } from './errors/alert-validation-error.js';

const quiet = { warn: () => {} };

describe('input a careless or hostile caller gives', () => {
  it('a batch with a hole is refused whole, naming the index, and close() still resolves', async () => {
    const ch = new MemoryChannel();
    const m = new AlertManager({ logger: quiet }).addChannel(ch);
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const holed = [{ title: 'a' }, , { title: 'c' }] as never;
    const error = await m.send(holed).catch((e: unknown) => e);
    expect(AlertValidationError.isInstance(error)).toBe(true);
    expect((error as AlertValidationError).field).toBe('[1]');
    expect(ch.attempts).toBe(0);
    await m.close();
  });

  it('a getter that throws or a Proxy gives AlertValidationError, not a raw error', async () => {
    const m = new AlertManager({ logger: quiet }).addChannel(new MemoryChannel());
    const getter = {
      get title(): string {
        throw new Error('getter boom');
      },
    };
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    for (const [input, reason] of [
      [getter, 'getter boom'],
      [trap, 'trap'],
    ] as const) {
      const error = await m.send(input as never).catch((e: unknown) => e);
      expect(AlertValidationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        `Invalid alert: \`(alert)\` could not be read: ${reason}`,
      );
    }
    const inBatch = await m.send([{ title: 'ok' }, getter as never]).catch((e: unknown) => e);
    expect((inBatch as AlertValidationError).field).toBe('[1]');
  });

  it('a `__proto__` label is refused with a clear error, not dropped', async () => {
    const m = new AlertManager({ logger: quiet }).addChannel(new MemoryChannel());
    const input = JSON.parse('{"title":"t","labels":{"__proto__":"x","a":"b"}}');
    await expect(m.send(input)).rejects.toThrow(
      'Invalid alert: `labels.__proto__` is not allowed as a label name',
    );
  });

  it('a `__proto__` channel key is in the stats like any other', async () => {
    const m = new AlertManager({ logger: quiet }).addChannel(new MemoryChannel(), {
      key: '__proto__',
    });
    await m.send({ title: 't' });
    const stats = JSON.parse(JSON.stringify(m.stats));
    expect(Object.keys(stats.byChannel)).toEqual(['__proto__']);
    expect(stats.byChannel.__proto__.sent).toBe(1);
  });

  it('new AlertManager(null) says what it wants', () => {
    expect(() => new AlertManager(null as never)).toThrow(
      'AlertManager options must be an object (or nothing); got null',
    );
  });

  it('latencyWindow is bounded by the limits table: 2e8 is clamped with a warning', () => {
    const warnings: string[] = [];
    const m = new AlertManager({ logger: { warn: (w) => warnings.push(w) }, latencyWindow: 2e8 });
    m.addChannel(new MemoryChannel());
    expect(warnings).toEqual([
      'latencyWindow 200000000 (from AlertManager options) is above the maximum 100000; using 100000',
    ]);
  });
});
