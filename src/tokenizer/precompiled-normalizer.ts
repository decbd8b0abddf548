/**
 * The `Precompiled` normalizer of sentencepiece models (T5, ALBERT, XLM-R): the model's own
 * rewrite rules (NFKC plus its whitespace and control-character rules) compiled into a
 * double-array trie over UTF-8 keys and a blob of NUL-terminated replacements, applied as HF
 * tokenizers applies them.
 */
import { DoubleArray } from './double-array';

export class PrecompiledCharsMap {
  private readonly trie: DoubleArray;
  private readonly replacements: Uint8Array;
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();
  /** Replacement (or null: unchanged) per chunk seen: texts repeat their characters. */
  private readonly cache = new Map<string, string | null>();
  private readonly asciiTable: Array<string | undefined> = new Array(128);

  /** `blob`: [u32 LE trie size in bytes][trie units][replacements]. */
  constructor(blob: Uint8Array) {
    if (blob.length < 4) throw new Error('precompiled_charsmap is too short to hold its trie size');
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const trieBytes = view.getUint32(0, true);
    if (trieBytes % 4 !== 0 || 4 + trieBytes > blob.length) throw new Error(`precompiled_charsmap says its trie has ${trieBytes} bytes, but it holds ${blob.length - 4}`);
    const units = new Uint32Array(trieBytes / 4);
    for (let i = 0; i < units.length; i++) units[i] = view.getUint32(4 + 4 * i, true);
    this.trie = new DoubleArray(units);
    this.replacements = blob.subarray(4 + trieBytes);
  }

  static fromBase64(base64: string): PrecompiledCharsMap {
    return new PrecompiledCharsMap(Buffer.from(base64, 'base64'));
  }

  /**
   * The replacement of `chunk` when a rule matches its start, else null. As HF's spm_precompiled
   * does, the first (shortest) matching rule replaces the whole chunk.
   */
  transform(chunk: string): string | null {
    const cached = this.cache.get(chunk);
    if (cached !== undefined) return cached;
    const matches = this.trie.commonPrefixSearch(this.encoder.encode(chunk));
    let replacement: string | null = null;
    if (matches.length > 0) {
      const start = matches[0];
      let end = start;
      while (end < this.replacements.length && this.replacements[end] !== 0) end++;
      replacement = this.decoder.decode(this.replacements.subarray(start, end));
    }
    if (this.cache.size < 100_000) this.cache.set(chunk, replacement);
    return replacement;
  }

  /**
   * Each grapheme cluster shorter than 6 UTF-8 bytes is looked up whole; otherwise (or when no
   * rule matches it) each of its characters is (HF tokenizers' Precompiled::normalize). ASCII
   * between other ASCII is its own cluster, so only the runs around non-ASCII text go through
   * the (slow) grapheme segmenter.
   */
  normalize(text: string): string {
    let out = '';
    const n = text.length;
    for (let i = 0; i < n; ) {
      const c = text.charCodeAt(i);
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c < 0x80 && next < 0x80) {
        const crlf = c === 13 && next === 10;
        out += crlf ? this.normalizeCluster('\r\n') : this.normalizeAscii(c);
        i += crlf ? 2 : 1;
        continue;
      }
      // A run up to an ASCII character followed by ASCII, that character included (a prepended
      // mark may bind it), and a CR LF after it kept whole.
      let end = i + 1;
      while (end < n && !(text.charCodeAt(end) < 0x80 && (end + 1 >= n || text.charCodeAt(end + 1) < 0x80))) end++;
      if (end < n) end += text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1;
      for (const { segment } of segmenter.segment(text.slice(i, end))) out += this.normalizeCluster(segment);
      i = end;
    }
    return out;
  }

  private normalizeCluster(grapheme: string): string {
    if (Buffer.byteLength(grapheme, 'utf8') < 6) {
      const whole = this.transform(grapheme);
      if (whole !== null) return whole;
    }
    let out = '';
    for (const char of grapheme) out += this.transform(char) ?? char;
    return out;
  }

  private normalizeAscii(code: number): string {
    let normalized = this.asciiTable[code];
    if (normalized === undefined) {
      const char = String.fromCharCode(code);
      normalized = this.asciiTable[code] = this.transform(char) ?? char;
    }
    return normalized;
  }
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
