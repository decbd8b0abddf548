/**
 * T5 relative position buckets against values worked out by hand from HF's
 * `_relative_position_bucket` (relative position = key − query), for the JS table used by
 * training graphs and the in-graph computation used by inference graphs.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx } from '../../../src/graph';
import { bucketTable, dynamicBuckets, relativePositionBucket, type BucketRules } from '../../../src/models/t5/position-bias';
import { RuntimeSession } from '../../../src/runtime';

const ENCODER: BucketRules = { bidirectional: true, numBuckets: 32, maxDistance: 128 };
const DECODER: BucketRules = { bidirectional: false, numBuckets: 32, maxDistance: 128 };

// Bidirectional, 32 buckets: 16 per direction, 0–7 exact, then 8 + ⌊ln(n/8)/ln(16)·8⌋ up to 15;
// keys after the query (positive) add 16.
const ENCODER_CASES: [number, number][] = [
  [0, 0], [-1, 1], [1, 17], [-7, 7], [7, 23], [-8, 8], [8, 24], [-11, 8], [-12, 9], [12, 25],
  [-16, 10], [-22, 10], [-23, 11], [-32, 12], [-45, 12], [-46, 13], [46, 29], [-64, 14], [-90, 14],
  [-91, 15], [-128, 15], [-500, 15], [500, 31],
];
// Unidirectional, 32 buckets: keys after the query share bucket 0; n = query − key, 0–15 exact,
// then 16 + ⌊ln(n/16)/ln(8)·16⌋ up to 31.
const DECODER_CASES: [number, number][] = [
  [0, 0], [5, 0], [-1, 1], [-15, 15], [-16, 16], [-17, 16], [-19, 17], [-20, 17], [-32, 21], [-64, 26],
  [-100, 30], [-127, 31], [-128, 31], [-1000, 31],
];

describe('T5 relative position buckets', () => {
  it('match hand-computed HF buckets in both directions', () => {
    for (const [rel, want] of ENCODER_CASES) assert.equal(relativePositionBucket(rel, ENCODER), want, `encoder, relative ${rel}`);
    for (const [rel, want] of DECODER_CASES) assert.equal(relativePositionBucket(rel, DECODER), want, `decoder, relative ${rel}`);
  });

  it('are computed the same inside an inference graph, with a KV-cache offset', async () => {
    for (const rules of [ENCODER, DECODER]) {
      const g = new GraphBuilder('buckets');
      const q = g.input('q', 'float32', [1, 1, 'tq', 1]);
      const k = g.input('k', 'float32', [1, 1, 'tk', 1]);
      g.output(dynamicBuckets(g, q, k, rules), 'buckets');
      const session = await RuntimeSession.create(writeOnnx(g.graph));
      for (const [tq, tk] of [[140, 140], [3, 200]]) {
        const out = await session.run({
          q: { dtype: 'float32', shape: [1, 1, tq, 1], data: new Float32Array(tq) },
          k: { dtype: 'float32', shape: [1, 1, tk, 1], data: new Float32Array(tk) },
        });
        assert.deepEqual(out.buckets.shape, [tq, tk]);
        assert.deepEqual(Array.from(out.buckets.data as BigInt64Array), Array.from(bucketTable(tq, tk, rules)), `${rules.bidirectional ? 'encoder' : 'decoder'} ${tq}×${tk}`);
      }
      await session.release();
    }
    // Spot-check the table itself: the last of 3 queries at position 199 against key 0.
    assert.equal(Number(bucketTable(3, 200, DECODER)[2 * 200]), 31);
    assert.equal(Number(bucketTable(3, 200, ENCODER)[0 * 200 + 199]), relativePositionBucket(2, ENCODER));
  });
});
