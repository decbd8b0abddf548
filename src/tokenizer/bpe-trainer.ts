import { Merge } from './bpe-model';
import { PairHeap } from './pair-heap';
import { MAX_TOKEN_ID, pairFirst, pairKey, pairSecond } from './pair-key';
import { Vocab } from './vocab';

/** A distinct pre-token of the corpus as symbol ids, with how often it occurs. */
export interface CountedWord {
  symbols: number[];
  count: number;
}

export interface MergeLearningOptions {
  /** Stop once the vocabulary holds this many tokens. */
  vocabSize: number;
  /** Stop once the most frequent pair occurs fewer times than this. */
  minFrequency: number;
  /** The token a merge creates (BPE concatenates; WordPiece drops the right side's `##`). */
  join(left: string, right: string): string;
}

/**
 * Learns BPE merges over counted words, growing `vocab` in place, and returns the merges in
 * rank order. Pair counts are kept up to date incrementally: merging pair (a, b) rewrites only
 * the words that contain it and adjusts the counts of the pairs around each occurrence, and a
 * lazily-cleaned max-heap finds the next most frequent pair. Cost per merge is proportional to
 * the occurrences it touches, not to the corpus.
 */
export function learnMerges(words: CountedWord[], vocab: Vocab, options: MergeLearningOptions): Merge[] {
  const pairCounts = new Map<number, number>();
  // Words where each pair occurs (possibly listed twice or no longer containing it: checked on use).
  const wordsWithPair = new Map<number, number[]>();
  const noteWord = (key: number, w: number) => {
    const list = wordsWithPair.get(key);
    if (list === undefined) wordsWithPair.set(key, [w]);
    else if (list[list.length - 1] !== w) list.push(w);
  };
  const addCount = (key: number, delta: number) => {
    const count = (pairCounts.get(key) ?? 0) + delta;
    if (count > 0) pairCounts.set(key, count);
    else pairCounts.delete(key);
  };

  words.forEach(({ symbols, count }, w) => {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i], symbols[i + 1]);
      addCount(key, count);
      noteWord(key, w);
    }
  });
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);

  const merges: Merge[] = [];
  const visitedAtMerge = new Int32Array(words.length).fill(-1);
  while (vocab.size < options.vocabSize) {
    const top = heap.pop();
    if (top === undefined) break;
    const current = pairCounts.get(top.key) ?? 0;
    if (current !== top.count) {
      if (current > 0) heap.push(current, top.key); // stale entry: requeue at its true count
      continue;
    }
    if (current < options.minFrequency) break;

    const a = pairFirst(top.key);
    const b = pairSecond(top.key);
    const left = vocab.token(a) as string;
    const right = vocab.token(b) as string;
    const merged = vocab.add(options.join(left, right));
    if (merged > MAX_TOKEN_ID) throw new Error('BPE training: vocabulary too large');
    merges.push([left, right]);

    const grownPairs = new Set<number>();
    const mergeIndex = merges.length;
    for (const w of wordsWithPair.get(top.key) ?? []) {
      if (visitedAtMerge[w] === mergeIndex) continue;
      visitedAtMerge[w] = mergeIndex;
      mergeInWord(words[w], w, a, b, merged, addCount, noteWord, grownPairs);
    }
    wordsWithPair.delete(top.key);
    for (const key of grownPairs) {
      const count = pairCounts.get(key);
      if (count !== undefined) heap.push(count, key);
    }
  }
  return merges;
}

/**
 * Replaces every non-overlapping (a, b) in the word, left to right, by `merged`, moving the
 * word's count from the pairs each occurrence breaks to the pairs it creates. The left
 * neighbour is read from the already-rewritten prefix, so back-to-back occurrences
 * ("a b a b" → "ab ab") first undo the (ab, a) pair the previous occurrence created.
 */
function mergeInWord(
  word: CountedWord,
  w: number,
  a: number,
  b: number,
  merged: number,
  addCount: (key: number, delta: number) => void,
  noteWord: (key: number, w: number) => void,
  grownPairs: Set<number>,
): void {
  const { symbols, count } = word;
  let write = 0;
  for (let read = 0; read < symbols.length; ) {
    if (symbols[read] === a && read + 1 < symbols.length && symbols[read + 1] === b) {
      addCount(pairKey(a, b), -count);
      if (write > 0) {
        const prev = symbols[write - 1];
        addCount(pairKey(prev, a), -count);
        const created = pairKey(prev, merged);
        addCount(created, count);
        noteWord(created, w);
        grownPairs.add(created);
      }
      if (read + 2 < symbols.length) {
        const next = symbols[read + 2];
        addCount(pairKey(b, next), -count);
        const created = pairKey(merged, next);
        addCount(created, count);
        noteWord(created, w);
        grownPairs.add(created);
      }
      symbols[write++] = merged;
      read += 2;
    } else {
      symbols[write++] = symbols[read++];
    }
  }
  symbols.length = write;
}
