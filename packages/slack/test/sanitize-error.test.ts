import { inspect } from 'node:util';
import { sanitizeError } from '@tocsin/channel-kit';
import { expect, it } from 'vitest';
import { secretsFor, WEBHOOK_PATH } from './harness.js';

it('copies an error chain without the URL: messages, stacks and extra properties are cleaned', () => {
  const url = `https://hooks.slack.com${WEBHOOK_PATH}`;
  const inner = Object.assign(new Error(`connect ECONNRESET while posting to ${url}`), {
    code: 'ECONNRESET',
    request: { url, headers: { host: 'hooks.slack.com' } },
  });
  const outer = Object.assign(new TypeError(`fetch failed: ${WEBHOOK_PATH}`, { cause: inner }), {
    input: url,
  });
  const copy = sanitizeError(outer, secretsFor('https://hooks.slack.com'));

  expect(copy.name).toBe('TypeError');
  expect((copy.cause as Error & { code: string }).code).toBe('ECONNRESET');
  const shown = [
    inspect(copy, { depth: 10, showHidden: true }),
    copy.stack,
    JSON.stringify(copy),
  ].join('\n');
  for (const secret of secretsFor('https://hooks.slack.com')) expect(shown).not.toContain(secret);
  expect(copy.cause?.toString()).toBe('Error: connect ECONNRESET while posting to ***');
  expect(shown).not.toContain('request');
});

it('accepts non-errors and stops at a bounded depth', () => {
  expect(sanitizeError('plain string', []).message).toBe('plain string');
  let deep: Error = new Error('bottom');
  for (let i = 0; i < 20; i++) deep = new Error(`level ${i}`, { cause: deep });
  let depth = 0;
  for (let error: unknown = sanitizeError(deep, []); error instanceof Error; error = error.cause)
    depth++;
  expect(depth).toBe(5);
});
