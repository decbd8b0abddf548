/**
 * What the rest of Pretrain Lab needs from a tokenizer, whichever algorithm trained it.
 * Implementations: byte-level BPE (GPT-2 style), WordPiece (BERT style), character level; and
 * Unigram (sentencepiece: T5, ALBERT, XLM-R), which is loaded from published files, not trained.
 */
export type TrainableTokenizerKind = 'bpe' | 'wordpiece' | 'char';
export type TokenizerKind = TrainableTokenizerKind | 'unigram';

/** Special tokens by role; a role a tokenizer does not use is absent. */
export interface SpecialTokens {
  pad?: string;
  unk?: string;
  bos?: string;
  eos?: string;
  mask?: string;
  cls?: string;
  sep?: string;
  /** T5-style sentinels for span corruption, e.g. <extra_id_0> … */
  sentinels?: string[];
}

/** Ids of the special tokens by role, for batching and masking code (see `specialTokenIdsOf`). */
export interface SpecialTokenIds {
  pad?: number;
  unk?: number;
  bos?: number;
  eos?: number;
  mask?: number;
  cls?: number;
  sep?: number;
  sentinels?: number[];
}

export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  readonly specialTokens: SpecialTokens;
  /** Ids of the text alone: no special tokens added. */
  encode(text: string): number[];
  decode(ids: ArrayLike<number>, options?: { skipSpecialTokens?: boolean }): string;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** True for every id that is a special token (never masked, never a sentinel target). */
  isSpecial(id: number): boolean;
  /** True when this token begins a new word (whole-word masking groups the rest with it). */
  isWordStart(id: number): boolean;
  /** The HF `tokenizer.json` document for this tokenizer. */
  toJSON(): object;
}
