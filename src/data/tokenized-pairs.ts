/**
 * Mined (code, text) pairs as token ids, for the objectives that train on pairs (the
 * translation LM, the contrastive encoder): the one form a training run hands their batch
 * sources, split as pair mining split them (validation pairs come from held-out files).
 */
import type { Tokenizer } from '../tokenizer/types';
import type { CodeTextPair } from './pairs/types';

/** One pair's two sides, each without special tokens. */
export interface TokenizedPair {
  code: Int32Array;
  text: Int32Array;
}

export interface TokenizedPairSplit {
  train: TokenizedPair[];
  validation: TokenizedPair[];
}

/** The pairs whose two sides both keep a token once tokenized (a text of only dropped characters has none). */
export function tokenizePairs(pairs: readonly CodeTextPair[], tokenizer: Tokenizer): TokenizedPair[] {
  const tokenized: TokenizedPair[] = [];
  for (const pair of pairs) {
    const code = Int32Array.from(tokenizer.encode(pair.code));
    const text = Int32Array.from(tokenizer.encode(pair.text));
    if (code.length > 0 && text.length > 0) tokenized.push({ code, text });
  }
  return tokenized;
}

/** Whether two token sequences are the same. */
export function sameTokens(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
