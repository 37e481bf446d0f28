import { createRequire } from 'node:module';
import { DeliveryError, TocsinError } from '@tocsin/core';
import { describe, expect, it } from 'vitest';

// Tests import core's sources; `require` loads its built CommonJS copy: two copies of every
// error class, as when an application ends up with two installs of @tocsin/core.
const otherCopy = createRequire(import.meta.url)('@tocsin/core') as typeof import('@tocsin/core');

describe('errors across package copies', () => {
  it('are two distinct classes here, so the checks below do not pass by instanceof', () => {
    expect(otherCopy.DeliveryError).not.toBe(DeliveryError);
  });

  it("recognise a channel's subclass of DeliveryError as DeliveryError and as itself", () => {
    // A channel package built against the other copy defines its own error class.
    class WorkflowRejectedError extends otherCopy.DeliveryError {
      static {
        WorkflowRejectedError.brand('WorkflowRejectedError');
      }
      override name = 'WorkflowRejectedError';
      static override isInstance(value: unknown): value is WorkflowRejectedError {
        return otherCopy.TocsinError.hasName(value, 'WorkflowRejectedError');
      }
    }
    const error = new WorkflowRejectedError('slack: the workflow refused the alert', {
      channel: 'slack',
      retryable: false,
      code: 'TOCSIN_REJECTED',
      reason: 'invalid_inputs',
    });
    expect(error instanceof DeliveryError).toBe(false);
    expect(DeliveryError.isInstance(error)).toBe(true);
    expect(TocsinError.isInstance(error)).toBe(true);
    expect(WorkflowRejectedError.isInstance(error)).toBe(true);
    expect(
      WorkflowRejectedError.isInstance(new DeliveryError('x', { channel: 'c', retryable: true })),
    ).toBe(false);
    expect(error).toMatchObject({ code: 'TOCSIN_REJECTED', reason: 'invalid_inputs' });
  });
});
