const CONTROL = /[&<>]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escape Slack's three control characters so untrusted text stays text: `<!channel>`,
 * `<!here>`, `<@U123>` or `<http://evil|click>` arrive as literal characters, never as a
 * mention or a disguised link. Slack shows the entities as the original characters.
 */
export function escapeSlackText(value: string): string {
  return value.replace(CONTROL, (char) => ENTITIES[char] ?? char);
}
