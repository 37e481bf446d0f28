// FNV-1a, 64 bit, on four 16-bit limbs: every product stays a small integer, so the hash of a
// byte is a handful of integer operations (BigInt arithmetic cost ~20 µs a label set; a
// collector fingerprints every alert Prometheus posts).
// A byte that never occurs in UTF-8: separates names and values, as in Prometheus.
const SEPARATOR = 0xff;

/** The hash, low limb first: FNV's offset basis 0xcbf29ce484222325 to start. */
let h0 = 0;
let h1 = 0;
let h2 = 0;
let h3 = 0;

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
  h0 = 0x2325;
  h1 = 0x8422;
  h2 = 0x9ce4;
  h3 = 0xcbf2;
  for (const name of names) {
    addString(name);
    addString(labels[name] ?? '');
  }
  putHex(h3, 0);
  putHex(h2, 4);
  putHex(h1, 8);
  putHex(h0, 12);
  // One flat string (joining four would make a rope that every map lookup flattens first).
  return String.fromCharCode(...DIGITS);
}

/** The 16 character codes of the hash being printed. */
const DIGITS = new Array<number>(16).fill(0);

/** A limb's four hex digits into `DIGITS` from `at`. */
function putHex(limb: number, at: number): void {
  for (let i = 0; i < 4; i++) DIGITS[at + i] = HEX[(limb >> (12 - 4 * i)) & 15] as number;
}

/** Character codes of the lower-case hex digits. */
const HEX = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** The UTF-8 bytes of `text`, then the separator; one pass, no buffer. */
function addString(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) addByte(unit);
    else if (unit < 0x800) {
      addByte(0xc0 | (unit >> 6));
      addByte(0x80 | (unit & 0x3f));
    } else {
      const next = text.charCodeAt(i + 1);
      if (unit >= 0xd800 && unit < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        const point = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        addByte(0xf0 | (point >> 18));
        addByte(0x80 | ((point >> 12) & 0x3f));
        addByte(0x80 | ((point >> 6) & 0x3f));
        addByte(0x80 | (point & 0x3f));
        i++;
      } else {
        // A lone surrogate is U+FFFD in UTF-8, as Buffer.from writes it.
        const point = unit >= 0xd800 && unit < 0xe000 ? 0xfffd : unit;
        addByte(0xe0 | (point >> 12));
        addByte(0x80 | ((point >> 6) & 0x3f));
        addByte(0x80 | (point & 0x3f));
      }
    }
  }
  addByte(SEPARATOR);
}

/**
 * hash = (hash ^ byte) * (2^40 + 435) mod 2^64. Times 435 limb by limb; times 2^40 moves
 * limbs 0 and 1 up to 2 and 3, shifted 8 bits; then the carries.
 */
function addByte(byte: number): void {
  const t0 = (h0 ^ byte) * 435;
  const t1 = h1 * 435 + (t0 >>> 16);
  const t2 = h2 * 435 + ((h0 ^ byte) << 8) + (t1 >>> 16);
  h3 = (h3 * 435 + (h1 << 8) + (t2 >>> 16)) & 0xffff;
  h2 = t2 & 0xffff;
  h1 = t1 & 0xffff;
  h0 = t0 & 0xffff;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
