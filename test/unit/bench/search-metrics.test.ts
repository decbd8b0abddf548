// The search bench's measures (bench/search-metrics.ts) and query making (bench/search-queries.ts), on hand-checked cases.
import assert from 'node:assert/strict';
import { percentile, pickHybridWeight, rankOf, retrievalScores } from '../../../bench/search-metrics';
import { queryOf, splitByFile } from '../../../bench/search-queries';

describe('bench/search-metrics', () => {
  it('ranks are 1-based and Infinity when the target is missing', () => {
    assert.equal(rankOf(['a', 'b', 'c'], 'a'), 1);
    assert.equal(rankOf(['a', 'b', 'c'], 'c'), 3);
    assert.equal(rankOf(['a', 'b', 'c'], 'z'), Infinity);
  });

  it('MRR@10 and recall@1/@10 count ranks past k as misses', () => {
    // Ranks 1, 2, 10, 11, missing: RR = 1 + 1/2 + 1/10 + 0 + 0.
    const s = retrievalScores([1, 2, 10, 11, Infinity], 10);
    assert.equal(s.queries, 5);
    assert.ok(Math.abs(s.mrr - 1.6 / 5) < 1e-12, `mrr ${s.mrr}`);
    assert.equal(s.recallAt1, 1 / 5);
    assert.equal(s.recallAtK, 3 / 5);
    assert.deepEqual(retrievalScores([], 10), { queries: 0, mrr: 0, recallAt1: 0, recallAtK: 0, k: 10 });
    assert.throws(() => retrievalScores([0]), /1-based/);
  });

  it('percentiles interpolate between the closest ranks', () => {
    assert.equal(percentile([5], 95), 5);
    assert.equal(percentile([4, 1, 3, 2], 50), 2.5);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 95), 10.5);
    assert.equal(percentile([1, 2, 3], 100), 3);
    assert.throws(() => percentile([], 50), /no values/);
  });

  it('picks the hybrid weight with the best validation MRR, the first on ties', async () => {
    const mrr: Record<number, number> = { 0: 0.2, 0.25: 0.4, 0.5: 0.4, 1: 0.3 };
    const picked = await pickHybridWeight([0, 0.25, 0.5, 1], async (w) => mrr[w]);
    assert.equal(picked.weight, 0.25);
    assert.equal(picked.mrr, 0.4);
    assert.equal(picked.tried.length, 4);
  });
});

describe('bench/search-queries', () => {
  it('a lodash JSDoc gives its description, not its tags or example (which name the function)', () => {
    const doc = [
      'Creates an array of elements split into groups the length of `size`.',
      "If `array` can't be split evenly, the final chunk will be the remaining",
      'elements.',
      '',
      '@static',
      '@memberOf _',
      '@param {Array} array The array to process.',
      '@example',
      "_.chunk(['a', 'b', 'c', 'd'], 2);",
    ].join('\n');
    assert.equal(queryOf(doc), "Creates an array of elements split into groups the length of `size`. If `array` can't be split evenly, the final chunk will be the remaining elements.");
  });

  it('a date-fns comment (@name first) gives the first paragraph of its @description, markers stripped', () => {
    const doc = [
      '/**',
      ' * @name addDays',
      ' * @category Day Helpers',
      ' * @summary Add the specified number of days to the given date.',
      ' *',
      ' * @description',
      ' * Add the specified number of days',
      ' * to the given date.',
      ' *',
      " * **You don't need date-fns**: Temporal has one.",
      ' * @example',
      ' * addDays(new Date(2014, 8, 1), 10)',
      ' */',
    ].join('\n');
    assert.equal(queryOf(doc), 'Add the specified number of days to the given date.');
    assert.equal(queryOf('@param x the x'), '');
  });

  it('holds out whole files, at least the share asked, the same way for the same seed in any order', () => {
    const items = ['a', 'a', 'b', 'c', 'c', 'c', 'd', 'e', 'f', 'g'].map((file, i) => ({ file, i }));
    const { train, heldOut } = splitByFile(items, 0.2, 7);
    assert.ok(heldOut.length >= 2, `held out ${heldOut.length}`);
    assert.equal(train.length + heldOut.length, items.length);
    const heldFiles = new Set(heldOut.map((x) => x.file));
    assert.ok(train.every((x) => !heldFiles.has(x.file)), 'no file on both sides');
    const again = splitByFile([...items].reverse(), 0.2, 7);
    assert.deepEqual(new Set(again.heldOut.map((x) => x.file)), heldFiles);
    const other = [1, 2, 3, 4, 5].map((seed) => [...new Set(splitByFile(items, 0.2, seed).heldOut.map((x) => x.file))].sort().join());
    assert.ok(new Set(other).size > 1, 'the seed changes the split');
  });
});
