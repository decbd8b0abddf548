// Ranking: cosine top-k, min–max normalisation, and the hybrid of cosine and BM25 over the union of both candidate sets.
import assert from 'node:assert/strict';
import { cosineScores, minMaxNormalizer, normalize, rankByBm25, rankByCosine, rankHybrid, topIndices } from '../../../src/search/ranking';

describe('search: ranking', () => {
  it('computes dot products of normalised rows, best first', () => {
    const vectors = Float32Array.from([1, 0, 0, 1, 0.6, 0.8]);
    const query = normalize(Float32Array.from([0, 2]));
    const cos = cosineScores(vectors, 2, query);
    assert.deepEqual([...cos].map((x) => +x.toFixed(3)), [0, 1, 0.8]);
    assert.deepEqual(rankByCosine(cos, 2).map((r) => r.row), [1, 2]);
    assert.deepEqual(cosineScores(new Float32Array(0), 0, new Float32Array(0)).length, 0);
  });

  it('breaks ties by row so results are stable, and ranks NaN last', () => {
    assert.deepEqual(topIndices([1, 2, 2, 0], 3), [1, 2, 0]);
    assert.deepEqual(topIndices([2, 2, 2], 2), [0, 1]);
    assert.deepEqual(topIndices([NaN, 1, NaN, 0], 4), [1, 3, 0, 2]);
    assert.deepEqual(topIndices([1, 2], 0), []);
  });

  it('selects the same top n as a full sort', () => {
    let seed = 3;
    const scores = Array.from({ length: 2000 }, () => ((seed = (seed * 16807) % 2147483647) % 97) / 97);
    const sorted = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
    for (const n of [1, 10, 50, 2000, 3000]) assert.deepEqual(topIndices(scores, n), sorted.slice(0, n), `n = ${n}`);
  });

  it('min–max normalises, and a constant score tells nothing apart', () => {
    const norm = minMaxNormalizer([2, 4, 6]);
    assert.deepEqual([2, 4, 6].map(norm), [0, 0.5, 1]);
    assert.equal(minMaxNormalizer([3, 3])(3), 1);
    assert.equal(minMaxNormalizer([0, 0])(0), 0);
  });

  it('maps BM25 ids to rows and skips ids no longer in the index', () => {
    const rows = new Map([[10, 0], [11, 1]]);
    const ranked = rankByBm25([{ id: 11, score: 3 }, { id: 99, score: 2 }, { id: 10, score: 1 }], (id) => rows.get(id), 5);
    assert.deepEqual(ranked, [{ row: 1, score: 3, bm25: 3 }, { row: 0, score: 1, bm25: 1 }]);
  });

  describe('hybrid', () => {
    // Row 0: best cosine, no BM25 match. Row 1: best BM25, middling cosine. Row 2: worst at both.
    const cosines = Float32Array.from([0.9, 0.5, 0.1]);
    const bm25 = [{ id: 101, score: 8 }, { id: 102, score: 2 }];
    const rowOfId = (id: number) => id - 100;

    it('weight 1 ranks by cosine, weight 0 by BM25', () => {
      assert.deepEqual(rankHybrid({ cosines, bm25, rowOfId, encoderWeight: 1, k: 3 }).map((r) => r.row), [0, 1, 2]);
      assert.deepEqual(rankHybrid({ cosines, bm25, rowOfId, encoderWeight: 0, k: 3 }).map((r) => r.row), [1, 2, 0]);
    });

    it('combines normalised scores with the weight, keeping both raw scores', () => {
      const ranked = rankHybrid({ cosines, bm25, rowOfId, encoderWeight: 0.5, k: 3 });
      // norm cosine: 1, 0.5, 0; norm bm25 (0 for row 0): 0, 1, 0.25.
      assert.deepEqual(ranked.map((r) => [r.row, +r.score.toFixed(4), +r.cosine!.toFixed(2), r.bm25]), [
        [1, 0.75, 0.5, 8],
        [0, 0.5, 0.9, 0],
        [2, 0.125, 0.1, 2],
      ]);
    });

    it('returns nothing from an empty index', () => {
      assert.deepEqual(rankHybrid({ cosines: new Float32Array(0), bm25: [], rowOfId, encoderWeight: 0.5, k: 3 }), []);
    });
  });
});
