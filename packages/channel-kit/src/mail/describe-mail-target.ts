/**
 * One line for `tocsin check`: how a mail channel sends, from whom, to whom
 * (`smtp mail.example.com:587: alerts@example.com -> ops@example.com, dev@example.com`).
 * Takes options as a config holds them: addresses as strings or `{ address }`, one or a list.
 */
export function describeMailTarget(
  via: string,
  options: { readonly from?: unknown; readonly to?: unknown },
): string {
  const to = Array.isArray(options.to) ? options.to : [options.to];
  return `${via}: ${addressOf(options.from)} -> ${to.map(addressOf).join(', ')}`;
}

function addressOf(value: unknown): string {
  return typeof value === 'object' && value !== null
    ? String((value as { address?: unknown }).address)
    : String(value ?? '');
}
