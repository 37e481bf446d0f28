// FNV-1a, 64 bit, on two unsigned 32-bit halves: BigInt arithmetic cost ~20 µs a label
// set, this ~0.3 µs (a collector fingerprints every alert Prometheus posts).
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
/** The prime is 2^40 + 435. */
const PRIME_LOW = 435;
// A byte that never occurs in UTF-8: separates names and values, as in Prometheus.
const SEPARATOR = 0xff;
const TWO_32 = 4_294_967_296;

let hi = 0;
let lo = 0;

/**
 * Alertmanager's fingerprint of a label set: FNV-1a (64 bit) over the label names in byte
 * order, each followed by its value, every string followed by the byte 0xff; printed as
 * 16 lower-case hex digits. Equal label sets give equal fingerprints, whatever the order.
 */
export function alertFingerprint(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels);
  // UTF-16 order is UTF-8 byte order for ASCII; other names are compared as bytes.
  if (names.every(isAscii)) names.sort();
  else names.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  hi = OFFSET_HI;
  lo = OFFSET_LO;
  for (const name of names) {
    addString(name);
    addString(labels[name] ?? '');
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function addString(text: string): void {
  if (isAscii(text)) for (let i = 0; i < text.length; i++) addByte(text.charCodeAt(i));
  else for (const byte of Buffer.from(text, 'utf8')) addByte(byte);
  addByte(SEPARATOR);
}

/** hash = (hash ^ byte) * (2^40 + 435) mod 2^64, on the halves. */
function addByte(byte: number): void {
  const low = (lo ^ byte) >>> 0;
  const product = low * PRIME_LOW; // < 2^41: exact
  // low * 2^40 keeps only low's bottom 24 bits, shifted into the high half by 8.
  hi = (hi * PRIME_LOW + Math.floor(product / TWO_32) + (low & 0xffffff) * 256) >>> 0;
  lo = product >>> 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
