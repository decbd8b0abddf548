/**
 * T5's relative position bias: every (query, key) pair falls in a bucket by its relative
 * distance (key − query), and each bucket holds one learned score per head that is added to
 * the attention logits. Small distances get a bucket each, larger ones share logarithmically
 * wider buckets up to `max_distance`. The encoder's buckets are bidirectional (half the buckets
 * for keys after the query); the decoder's only look back.
 * Legend: H heads, Tq query length, Tk key length (= P past + Tq in the decoder), NB buckets.
 */
import type { GraphBuilder, Value } from '../../graph';

export interface BucketRules {
  bidirectional: boolean;
  numBuckets: number;
  maxDistance: number;
}

/**
 * HF `T5Attention._relative_position_bucket` for one relative position (key − query).
 * The log branch is evaluated in float32 step by step, as PyTorch does on a float tensor, so
 * distances on a bucket boundary land where they land in transformers.
 */
export function relativePositionBucket(relativePosition: number, rules: BucketRules): number {
  let numBuckets = rules.numBuckets;
  let bucket = 0;
  let n: number;
  if (rules.bidirectional) {
    numBuckets = Math.floor(numBuckets / 2);
    if (relativePosition > 0) bucket += numBuckets;
    n = Math.abs(relativePosition);
  } else {
    n = -Math.min(relativePosition, 0);
  }
  const maxExact = Math.floor(numBuckets / 2);
  if (n < maxExact) return bucket + n;
  const f = Math.fround;
  const logRatio = f(Math.log(f(n / maxExact)));
  const scaled = f(f(logRatio / f(Math.log(rules.maxDistance / maxExact))) * (numBuckets - maxExact));
  return bucket + Math.min(maxExact + Math.trunc(scaled), numBuckets - 1);
}

/** Buckets for query positions offset…offset+Tq−1 against keys 0…Tk−1, as int64 data (Tq·Tk). */
export function bucketTable(queryLength: number, keyLength: number, rules: BucketRules, offset = keyLength - queryLength): BigInt64Array {
  const out = new BigInt64Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) {
    for (let j = 0; j < keyLength; j++) out[i * keyLength + j] = BigInt(relativePositionBucket(j - (i + offset), rules));
  }
  return out;
}

/**
 * The same buckets computed in the graph from run-time lengths (inference graphs: any input
 * length, any KV-cache past). Queries are the last Tq of the Tk positions.
 */
// q (B, H, Tq, D), k (B, H, Tk, D) → (Tq, Tk) int64
export function dynamicBuckets(g: GraphBuilder, q: Value, k: Value, rules: BucketRules): Value {
  const qLen = g.gather(g.shape(q), g.scalar(2, 'int64'));
  const kLen = g.gather(g.shape(k), g.scalar(2, 'int64'));
  const one = g.scalar(1, 'int64');
  const queryPos = g.range(g.sub(kLen, qLen), kLen, one); // (Tq,)
  const keyPos = g.range(g.scalar(0, 'int64'), kLen, one); // (Tk,)
  const relative = g.sub(g.unsqueeze(keyPos, [0]), g.unsqueeze(queryPos, [1])); // (Tq, Tk) key − query

  let numBuckets = rules.numBuckets;
  let base: Value | undefined;
  let n: Value;
  if (rules.bidirectional) {
    numBuckets = Math.floor(numBuckets / 2);
    base = g.mul(g.cast(g.greater(relative, 0), 'int64'), numBuckets);
    n = g.abs(relative);
  } else {
    n = g.max(g.neg(relative), 0);
  }
  const maxExact = Math.floor(numBuckets / 2);
  // The log branch only matters where n ≥ maxExact; clamping first keeps log(0) out of the graph.
  const ratio = g.div(g.cast(g.max(n, maxExact), 'float32'), maxExact);
  const scaled = g.mul(g.div(g.log(ratio), Math.fround(Math.log(rules.maxDistance / maxExact))), numBuckets - maxExact);
  // Cast truncates toward zero, as torch's .to(long); the value is ≥ 0 here.
  const large = g.min(g.add(g.cast(scaled, 'int64'), maxExact), numBuckets - 1);
  const bucket = g.where(g.less(n, maxExact), n, large);
  return base ? g.add(bucket, base) : bucket;
}

/** Looks the buckets up in the learned table: (Tq, Tk) ids → additive bias (1, H, Tq, Tk). */
// table (NB, H), buckets (Tq, Tk) → (1, H, Tq, Tk)
export function biasFromBuckets(g: GraphBuilder, table: Value, buckets: Value): Value {
  const perPair = g.gather(table, buckets); // (Tq, Tk, H)
  return g.unsqueeze(g.transpose(perPair, [2, 0, 1]), [0]);
}

/** Bias for static lengths (training graphs): the buckets are a constant computed here. */
export function staticPositionBias(g: GraphBuilder, table: Value, queryLength: number, keyLength: number, rules: BucketRules): Value {
  const buckets = g.constant({ dtype: 'int64', shape: [queryLength, keyLength], data: bucketTable(queryLength, keyLength, rules) }, 'relative_buckets');
  return biasFromBuckets(g, table, buckets);
}
