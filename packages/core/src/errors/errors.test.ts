import { describe, expect, it } from 'vitest';
import { AlertThrottledError } from './alert-throttled-error.js';
import { AlertValidationError } from './alert-validation-error.js';
import { ConfigError } from './config-error.js';
import { DELIVERY_ERROR_CODES, DeliveryError, type DeliveryErrorCode } from './delivery-error.js';
import { TocsinError } from './tocsin-error.js';

describe('errors', () => {
  it('carry a name, a stable code and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new DeliveryError('slack: 503', {
      channel: 'slack',
      retryable: true,
      retryAfter: 2,
      statusCode: 503,
      reason: 'rollup_error',
      cause,
    });
    expect(error).toMatchObject({
      name: 'DeliveryError',
      code: 'TOCSIN_REMOTE',
      reason: 'rollup_error',
      channel: 'slack',
      retryable: true,
      retryAfter: 2,
      statusCode: 503,
    });
    expect(error.cause).toBe(cause);
    expect(new AlertThrottledError(1.5)).toMatchObject({
      code: 'TOCSIN_THROTTLED',
      retryAfter: 1.5,
    });
    expect(new AlertValidationError('title', 'is required').message).toBe(
      'Invalid alert: `title` is required',
    );
  });

  it('are recognised across package copies by their brand, not only instanceof', () => {
    // A copy of the class from another install has another prototype but the same brand.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('tocsin.error')]: true,
      name: 'DeliveryError',
    });
    expect(foreign instanceof DeliveryError).toBe(false);
    expect(DeliveryError.isInstance(foreign)).toBe(true);
    expect(TocsinError.isInstance(foreign)).toBe(true);
    expect(ConfigError.isInstance(foreign)).toBe(false);
    expect(TocsinError.isInstance(new Error('plain'))).toBe(false);
  });

  it('DeliveryError codes come from one closed set; a code outside it reads TOCSIN_CHANNEL', () => {
    // A JavaScript caller may pass any string; TypeScript allows only the set.
    const make = (code: string) =>
      new DeliveryError('x', { channel: 'c', retryable: false, code: code as DeliveryErrorCode });
    for (const code of DELIVERY_ERROR_CODES) expect(make(code).code).toBe(code);
    expect(make('TOCSIN_SLACK_NOT_FOUND').code).toBe('TOCSIN_CHANNEL');
    expect(DELIVERY_ERROR_CODES).toHaveLength(9);
  });

  it('a subclass of DeliveryError is recognised as DeliveryError and as itself, across copies', () => {
    class WorkflowError extends DeliveryError {
      static {
        WorkflowError.brand('WorkflowError');
      }
      override name = 'WorkflowError';
      static override isInstance(value: unknown): value is WorkflowError {
        return TocsinError.hasName(value, 'WorkflowError');
      }
    }
    const error = new WorkflowError('refused', { channel: 'slack', retryable: false });
    expect(DeliveryError.isInstance(error)).toBe(true);
    expect(WorkflowError.isInstance(error)).toBe(true);
    expect(TocsinError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(false);
    expect(
      WorkflowError.isInstance(new DeliveryError('x', { channel: 'c', retryable: true })),
    ).toBe(false);
    // The same error made by another copy of the packages: other prototypes, same brands.
    const foreignProto = Object.create(Error.prototype, {
      [Symbol.for('tocsin.error.DeliveryError')]: { value: true },
      [Symbol.for('tocsin.error.WorkflowError')]: { value: true },
    });
    const foreign = Object.assign(Object.create(foreignProto), {
      [Symbol.for('tocsin.error')]: true,
      name: 'WorkflowError',
    });
    expect(foreign instanceof DeliveryError).toBe(false);
    expect(DeliveryError.isInstance(foreign)).toBe(true);
    expect(WorkflowError.isInstance(foreign)).toBe(true);
  });

  it('ConfigError names the file and every failing path', () => {
    const error = new ConfigError('Invalid configuration', {
      file: 'tocsin.config.yaml',
      issues: [
        { path: 'alerts.channels.oncall.recipients[0]', message: 'expected an email address' },
      ],
    });
    expect(error.message).toBe(
      'Invalid configuration in tocsin.config.yaml\n  - alerts.channels.oncall.recipients[0]: expected an email address',
    );
  });
});
