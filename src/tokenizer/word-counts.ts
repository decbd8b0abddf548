import { AddedTokenSplitter } from './added-tokens';
import { Normalizer } from './normalizers';
import { PreTokenize } from './pre-tokenizers';

/** The stages that run before the model, which training and encoding share. */
export interface TokenizerFront {
  /** Finds special tokens in the raw text; they are kept out of the statistics. */
  splitter: AddedTokenSplitter;
  normalizer: Normalizer | null;
  split: PreTokenize;
}

/** How often each distinct pre-token piece occurs in the texts. */
export function countPieces(texts: Iterable<string>, front: TokenizerFront): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const segment of front.splitter.split(text)) {
      if (segment.addedId !== undefined) continue;
      const normalized = front.normalizer ? front.normalizer.normalize(segment.text) : segment.text;
      for (const piece of front.split(normalized)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
    }
  }
  return counts;
}

/** How often each code point occurs in the texts, special tokens left out. */
export function countCharacters(texts: Iterable<string>, splitter: AddedTokenSplitter): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const segment of splitter.split(text)) {
      if (segment.addedId !== undefined) continue;
      for (const ch of segment.text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
  }
  return counts;
}
