import { countsText, cutDigest, leftOutSentence } from '@tocsin/channel-kit';
import type { Digest, DigestEntry } from '@tocsin/core';
import { escapeSlackText } from './escape-slack-text.js';
import type { SlackBlock } from './render-slack-message.js';
import { SLACK_LIMITS } from './slack-limits.js';
import { truncateSlackText } from './truncate-slack-text.js';

const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;

/** What a digest may still use of a message: blocks, and characters of text. */
export interface SlackRoom {
  blocks: number;
  chars: number;
}

/**
 * A section per fingerprint, the largest first (count, title, service, counts per host),
 * as many as `room` allows, then a context line "and N more unique alerts (M alerts) not
 * shown" when some did not fit. All alert text is escaped.
 */
export function digestBlocks(digest: Digest, room: SlackRoom): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  // One block and a line's characters stay free for the "N more" line.
  const more = { blocks: 1, chars: 120 };
  let chars = 0;
  const cut = cutDigest(digest, room.blocks - more.blocks, (entry) => {
    const text = entryText(digest, entry);
    if (chars + text.length > room.chars - more.chars) return false;
    chars += text.length;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    return true;
  });
  const sentence = leftOutSentence(cut);
  if (sentence !== '')
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `_${sentence}_` }] });
  return blocks;
}

/** `*4X* Exception in view _(in service1)_` and, below, `host2 3X, host1 1X`. */
function entryText(digest: Digest, entry: DigestEntry): string {
  const { alert } = entry;
  const title = truncateSlackText(
    escapeSlackText(alert.formattedTitle.replace(LINE_BREAKS, ' ')),
    SLACK_LIMITS.digestTitle,
  );
  const service = alert.labels.service ?? alert.source;
  let text = `*${entry.count}X* ${title}`;
  if (service !== undefined && service !== '')
    text += ` _(in ${truncateSlackText(escapeSlackText(service.replace(LINE_BREAKS, ' ')), SLACK_LIMITS.digestTitle)})_`;
  if (entry.counts.length > 0)
    text += `\n${escapeSlackText(countsText(entry, digest.countBy, SLACK_LIMITS.digestCounts))}`;
  return truncateSlackText(text, SLACK_LIMITS.section);
}
