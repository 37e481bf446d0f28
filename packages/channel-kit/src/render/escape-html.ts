const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const SPECIAL = /[&<>"']/g;

/**
 * Escape `value` for HTML text and attribute values (double- or single-quoted): `&`, `<`,
 * `>`, `"` and `'` become entities, so alert text can never open a tag or leave an attribute.
 */
export function escapeHtml(value: string): string {
  return value.replace(SPECIAL, (char) => ENTITIES[char] ?? char);
}
