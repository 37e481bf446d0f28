import type { SlackBlock, SlackMessage } from './render-slack-message.js';
import { SLACK_LIMITS } from './slack-limits.js';

/** Characters of every text Slack counts in a message: the fallbacks and each block's text. */
export function slackMessageChars(message: SlackMessage): number {
  let chars = message.text.length;
  for (const attachment of message.attachments) chars += attachment.fallback.length;
  for (const block of allBlocks(message)) chars += blockChars(block);
  return chars;
}

export function blockChars(block: SlackBlock): number {
  if (block.type === 'context') {
    let chars = 0;
    for (const element of block.elements) chars += element.text.length;
    return chars;
  }
  return block.text.text.length;
}

function allBlocks(message: SlackMessage): SlackBlock[] {
  return [...message.blocks, ...message.attachments.flatMap((attachment) => attachment.blocks)];
}

/**
 * The last guard before a message leaves: at most `SLACK_LIMITS.blocks` blocks and
 * `SLACK_LIMITS.message` characters in all, whatever the renderer built. Sections of the
 * attachment are dropped from the end and a context line says how many, so Slack never
 * refuses the message (it answers `invalid_blocks` past its limits).
 */
export function fitSlackMessage(message: SlackMessage): SlackMessage {
  const blocks = message.attachments[0].blocks;
  const within = (reserve: boolean) =>
    message.blocks.length + blocks.length + (reserve ? 1 : 0) <= SLACK_LIMITS.blocks &&
    slackMessageChars(message) + (reserve ? MARKER_CHARS : 0) <= SLACK_LIMITS.message;
  if (within(false)) return message;
  let dropped = 0;
  while (!within(true)) {
    const index = blocks.findLastIndex((block) => block.type === 'section');
    if (index === -1) break;
    blocks.splice(index, 1);
    dropped++;
  }
  if (dropped > 0) {
    const at = blocks.findLastIndex((block) => block.type === 'section') + 1;
    blocks.splice(at, 0, {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `_${dropped} more sections not shown_` }],
    });
  }
  return message;
}

/** Room kept for the "N more sections not shown" line. */
const MARKER_CHARS = 40;
