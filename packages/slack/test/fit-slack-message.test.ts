import { describe, expect, it } from 'vitest';
import { fitSlackMessage, slackMessageChars } from '../src/fit-slack-message.js';
import type { SlackBlock, SlackMessage } from '../src/render-slack-message.js';
import { SLACK_LIMITS } from '../src/slack-limits.js';

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context: SlackBlock = {
  type: 'context',
  elements: [{ type: 'mrkdwn', text: '*Level:* INFO' }],
};

function message(sections: SlackBlock[]): SlackMessage {
  return {
    text: 'fallback',
    blocks: [{ type: 'header', text: { type: 'plain_text', text: 'title', emoji: true } }],
    attachments: [{ color: '#000000', fallback: 'fallback', blocks: [...sections, context] }],
  };
}

describe('fitSlackMessage: the last guard on any message', () => {
  it('leaves a message within the limits as it is', () => {
    const small = message([section('body')]);
    expect(fitSlackMessage(structuredClone(small))).toEqual(small);
  });

  it('drops sections from the end past 50 blocks, and says how many', () => {
    const fitted = fitSlackMessage(message(Array.from({ length: 80 }, (_, i) => section(`s${i}`))));
    const blocks = fitted.attachments[0].blocks;
    expect(fitted.blocks.length + blocks.length).toBe(SLACK_LIMITS.blocks);
    expect(blocks.at(-2)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '_33 more sections not shown_' }],
    });
    expect(blocks.at(-1)).toBe(context);
  });

  it('drops sections past 40,000 characters in all', () => {
    const fitted = fitSlackMessage(
      message(Array.from({ length: 20 }, () => section('x'.repeat(3000)))),
    );
    expect(slackMessageChars(fitted)).toBeLessThanOrEqual(SLACK_LIMITS.message);
    expect(fitted.attachments[0].blocks.filter((b) => b.type === 'section')).toHaveLength(13);
  });
});
