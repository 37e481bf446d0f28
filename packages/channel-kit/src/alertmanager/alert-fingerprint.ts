const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
// A byte that never occurs in UTF-8: separates names and values, as in Prometheus.
const SEPARATOR = 0xffn;

/**
 * Alertmanager's fingerprint of a label set: FNV-1a (64 bit) over the label names in byte
 * order, each followed by its value, every string followed by the byte 0xff; printed as
 * 16 lower-case hex digits. Equal label sets give equal fingerprints, whatever the order.
 */
export function alertFingerprint(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels)
    .map((name) => [name, Buffer.from(name, 'utf8')] as const)
    .sort((a, b) => Buffer.compare(a[1], b[1]));
  let hash = OFFSET;
  for (const [name, bytes] of names) {
    hash = add(add(hash, bytes), Buffer.from(labels[name] ?? '', 'utf8'));
  }
  return hash.toString(16).padStart(16, '0');
}

function add(start: bigint, bytes: Uint8Array): bigint {
  let hash = start;
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * PRIME) & MASK;
  return ((hash ^ SEPARATOR) * PRIME) & MASK;
}
