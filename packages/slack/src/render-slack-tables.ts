import { type AlertTable, tablesText } from '@tocsin/core';
import { escapeSlackText } from './escape-slack-text.js';
import type { SlackBlock } from './render-slack-message.js';
import { SLACK_LIMITS } from './slack-limits.js';
import { truncateSlackText } from './truncate-slack-text.js';

/**
 * An alert's tables (`alert.tables`: a scheduled report's stats, an app's metrics) as one
 * section each: its title in bold, then the table as aligned text in a code block (Slack
 * has no table block, and mrkdwn fields lose the columns). Each is cut to a section's limit;
 * `fitSlackMessage` keeps the whole within the message's. All text is escaped.
 */
export function tableBlocks(tables: readonly AlertTable[]): SlackBlock[] {
  return tables.map((table) => {
    const title = table.title === '' ? '' : `*${escapeSlackText(table.title)}*\n`;
    // A cell's own ``` would close the code block early.
    const body = escapeSlackText(tablesText([{ ...table, title: '' }])).replaceAll(
      '```',
      '`\u200b``',
    );
    const room = SLACK_LIMITS.section - title.length - 8;
    return {
      type: 'section',
      text: { type: 'mrkdwn', text: `${title}\`\`\`\n${truncateSlackText(body, room)}\n\`\`\`` },
    };
  });
}
