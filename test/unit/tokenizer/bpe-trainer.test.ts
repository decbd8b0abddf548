import assert from 'node:assert/strict';
import { CountedWord, learnMerges } from '../../../src/tokenizer/bpe-trainer';
import { Merge } from '../../../src/tokenizer/bpe-model';
import { Vocab } from '../../../src/tokenizer/vocab';
import { Rng } from '../../../src/util/rng';

/**
 * The textbook algorithm: recount every pair before each merge. Same tie-break as the
 * incremental trainer (most frequent, then smallest (left id, right id)), so the merges of
 * the two must be identical; any slip in the incremental bookkeeping shows up as a difference.
 */
function naiveMerges(words: CountedWord[], vocab: Vocab, vocabSize: number, minFrequency: number): Merge[] {
  const merges: Merge[] = [];
  while (vocab.size < vocabSize) {
    const counts = new Map<string, number>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]},${symbols[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
    }
    let best: [number, number] | undefined;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const [a, b] = key.split(',').map(Number);
      if (count > bestCount || (count === bestCount && best && (a < best[0] || (a === best[0] && b < best[1])))) {
        best = [a, b];
        bestCount = count;
      }
    }
    if (!best || bestCount < minFrequency) break;
    const [a, b] = best;
    const left = vocab.token(a) as string;
    const right = vocab.token(b) as string;
    const merged = vocab.add(left + right);
    merges.push([left, right]);
    for (const word of words) {
      const out: number[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (word.symbols[i] === a && word.symbols[i + 1] === b) {
          out.push(merged);
          i++;
        } else out.push(word.symbols[i]);
      }
      word.symbols = out;
    }
  }
  return merges;
}

function randomWords(rng: Rng, alphabet: number): CountedWord[] {
  return Array.from({ length: 60 }, () => ({
    // Small alphabets make repeats ("aaaa", "abab") common: the overlapping cases.
    symbols: Array.from({ length: 1 + rng.int(12) }, () => rng.int(alphabet)),
    count: 1 + rng.int(5),
  }));
}

describe('tokenizer/bpe-trainer', () => {
  it('learns the most frequent pair first and counts a word by its frequency', () => {
    const vocab = Vocab.fromTokens(['a', 'b', 'c']);
    const words = [
      { symbols: [0, 1], count: 5 }, // ab ×5
      { symbols: [1, 2], count: 2 }, // bc ×2
    ];
    const merges = learnMerges(words, vocab, { vocabSize: 10, minFrequency: 1, join: (l, r) => l + r });
    assert.deepEqual(merges, [['a', 'b'], ['b', 'c']]);
    assert.deepEqual([...vocab.tokens()], ['a', 'b', 'c', 'ab', 'bc']);
  });

  it('never merges a pair rarer than minFrequency', () => {
    const vocab = Vocab.fromTokens(['a', 'b', 'c']);
    const words = [
      { symbols: [0, 1], count: 5 },
      { symbols: [1, 2], count: 2 },
    ];
    assert.deepEqual(learnMerges(words, vocab, { vocabSize: 10, minFrequency: 3, join: (l, r) => l + r }), [['a', 'b']]);
  });

  it('matches recount-every-merge BPE on 200 random corpora, overlapping repeats included', () => {
    const rng = new Rng(99);
    for (let trial = 0; trial < 200; trial++) {
      const alphabet = 2 + rng.int(4);
      const tokens = Array.from({ length: alphabet }, (_, i) => String.fromCharCode(97 + i));
      const words = randomWords(rng, alphabet);
      const copy = words.map((w) => ({ symbols: [...w.symbols], count: w.count }));
      const vocabSize = alphabet + 1 + rng.int(30);
      const minFrequency = 1 + rng.int(3);
      const fast = learnMerges(words, Vocab.fromTokens(tokens), { vocabSize, minFrequency, join: (l, r) => l + r });
      const slow = naiveMerges(copy, Vocab.fromTokens(tokens), vocabSize, minFrequency);
      assert.deepEqual(fast, slow, `trial ${trial}`);
      assert.deepEqual(words, copy, `trial ${trial}: words after merging`);
    }
  });
});
