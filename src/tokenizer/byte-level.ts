/**
 * GPT-2's byte-to-unicode table: every byte 0..255 maps to one printable code point, so a
 * byte-level vocabulary can be stored as ordinary JSON strings. Printable Latin-1 bytes map to
 * themselves; the others (controls, space, soft hyphen…) are shifted to U+0100 and up, which is
 * why a leading space shows as `Ġ` (U+0120) and a newline as `Ċ`.
 */
const BYTE_TO_CHAR: string[] = buildByteToChar();
const CHAR_TO_BYTE: Map<string, number> = new Map(BYTE_TO_CHAR.map((ch, byte) => [ch, byte]));

function buildByteToChar(): string[] {
  const table = new Array<string>(256);
  const isPrintable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCharCode(isPrintable(b) ? b : 256 + shifted++);
  }
  return table;
}

/** The 256 byte-level symbols, ordered by byte value. */
export function byteLevelAlphabet(): string[] {
  return BYTE_TO_CHAR.slice();
}

/** The byte a byte-level symbol stands for; undefined for any other character. */
export function byteOf(symbol: string): number | undefined {
  return CHAR_TO_BYTE.get(symbol);
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 bytes of `text`, each written as its byte-level symbol. */
export function toByteLevel(text: string): string {
  // ASCII fast path: most pre-tokens of code and English are pure ASCII.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  let out = '';
  if (ascii) {
    for (let i = 0; i < text.length; i++) out += BYTE_TO_CHAR[text.charCodeAt(i)];
    return out;
  }
  for (const byte of utf8.encode(text)) out += BYTE_TO_CHAR[byte];
  return out;
}

/**
 * Inverse of {@link toByteLevel} over the concatenation of tokens. Symbols outside the table
 * (added tokens such as `<|endoftext|>`) pass through as their own UTF-8 text.
 */
export function fromByteLevel(symbols: string): string {
  const bytes: number[] = [];
  for (const ch of symbols) {
    const byte = CHAR_TO_BYTE.get(ch);
    if (byte !== undefined) bytes.push(byte);
    else for (const b of utf8.encode(ch)) bytes.push(b);
  }
  return utf8Decoder.decode(Uint8Array.from(bytes));
}
