import { TRUNCATION_MARKER } from '@tocsin/channel-kit';
import { createAlert } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { renderWorkflowVariables, SLACK_LIMITS } from '../src/render-slack-message.js';

describe('workflow trigger variables', () => {
  it('are cut like the message: a 340,000-character source ends at the section limit, marked', () => {
    const huge = 'x'.repeat(340_000);
    const variables = renderWorkflowVariables(
      createAlert({ title: huge, body: huge, source: huge, labels: { big: huge } }),
    );
    for (const [name, value] of Object.entries(variables)) {
      expect(value.length, name).toBeLessThanOrEqual(SLACK_LIMITS.section);
    }
    expect(variables.source?.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(variables.title?.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
  });
});
