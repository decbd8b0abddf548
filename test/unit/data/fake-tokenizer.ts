/**
 * A tiny, deterministic tokenizer for data tests: one token per printable ASCII character,
 * in two flavours (word-start and continuation) so that words span several tokens, plus the
 * special tokens BERT and T5 batching need. It counts `encode` calls for the cache tests.
 */
import type { SpecialTokens, Tokenizer } from '../../../src/tokenizer/types';

const FIRST_CHAR = 32;
const CHAR_COUNT = 95; // printable ASCII 32..126

export interface FakeTokenizerOptions {
  /** Sentinels `<extra_id_i>` to provide (default 100, as T5). */
  sentinels?: number;
  /** Pads the vocabulary with unused ids up to this size (to exercise 32-bit token caches). */
  vocabSize?: number;
  /** Leave out [CLS]/[SEP], as a GPT-style tokenizer would. */
  withoutClsSep?: boolean;
}

export class FakeTokenizer implements Tokenizer {
  readonly kind = 'char' as const;
  readonly vocabSize: number;
  readonly specialTokens: SpecialTokens;
  encodeCalls = 0;
  private readonly specials: string[];
  private readonly specialIds = new Map<string, number>();

  constructor(options: FakeTokenizerOptions = {}) {
    const sentinels = Array.from({ length: options.sentinels ?? 100 }, (_, i) => `<extra_id_${i}>`);
    const roles = options.withoutClsSep
      ? { pad: '[PAD]', unk: '[UNK]', mask: '[MASK]', eos: '</s>' }
      : { pad: '[PAD]', unk: '[UNK]', cls: '[CLS]', sep: '[SEP]', mask: '[MASK]', eos: '</s>' };
    this.specialTokens = { ...roles, sentinels };
    this.specials = [...Object.values(roles), ...sentinels];
    this.specials.forEach((t, i) => this.specialIds.set(t, i));
    this.vocabSize = Math.max(options.vocabSize ?? 0, this.firstCharId + 2 * CHAR_COUNT);
  }

  get firstCharId(): number {
    return this.specials.length;
  }

  encode(text: string): number[] {
    this.encodeCalls++;
    const ids: number[] = [];
    for (const word of text.split(/\s+/)) {
      for (let i = 0; i < word.length; i++) ids.push(this.charId(word[i], i === 0));
    }
    return ids;
  }

  decode(ids: ArrayLike<number>, options: { skipSpecialTokens?: boolean } = {}): string {
    let text = '';
    for (const id of Array.from(ids)) {
      if (this.isSpecial(id)) {
        if (!options.skipSpecialTokens) text += this.specials[id];
      } else {
        text += (this.isWordStart(id) && text !== '' ? ' ' : '') + this.idToToken(id);
      }
    }
    return text;
  }

  tokenToId(token: string): number | undefined {
    return this.specialIds.get(token);
  }

  idToToken(id: number): string | undefined {
    if (id < this.firstCharId) return this.specials[id];
    const offset = (id - this.firstCharId) % CHAR_COUNT;
    return id < this.firstCharId + 2 * CHAR_COUNT ? String.fromCharCode(FIRST_CHAR + offset) : undefined;
  }

  isSpecial(id: number): boolean {
    return id < this.firstCharId;
  }

  isWordStart(id: number): boolean {
    return id >= this.firstCharId && id < this.firstCharId + CHAR_COUNT;
  }

  toJSON(): object {
    return { kind: this.kind, vocabSize: this.vocabSize, specials: this.specials };
  }

  private charId(char: string, wordStart: boolean): number {
    const code = char.charCodeAt(0);
    const offset = code >= FIRST_CHAR && code < FIRST_CHAR + CHAR_COUNT ? code - FIRST_CHAR : '?'.charCodeAt(0) - FIRST_CHAR;
    return this.firstCharId + (wordStart ? 0 : CHAR_COUNT) + offset;
  }
}
