/** Reproducible pseudo-English documents for batching tests, as ids of the fake tokenizer. */
import { Rng } from '../../../src/util/rng';
import type { FakeTokenizer } from './fake-tokenizer';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** `count` documents of roughly `wordsPerDocument` words of 1–8 letters each. */
export function randomDocuments(tokenizer: FakeTokenizer, count: number, wordsPerDocument: number, seed = 1): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: wordsPerDocument }, () =>
      Array.from({ length: 1 + rng.int(8) }, () => LETTERS[rng.int(LETTERS.length)]).join(''),
    );
    return tokenizer.encode(words.join(' '));
  });
}
