/** What the *-reference tests share: int64 feeds, random weights, and the masked-LM logit comparison. */
import assert from 'node:assert/strict';
import type { TensorData } from '../../src/graph';
import { initialWeights, type ParamSpec, type Weights } from '../../src/nn/params';
import type { Mat } from './reference-encoder-ops';

/** Rows of token ids (or masks) as an int64 (B, T) feed. */
export const int64 = (m: number[][]): TensorData => ({ dtype: 'int64', shape: [m.length, m[0].length], data: BigInt64Array.from(m.flat(), BigInt) });

/** Random weights with non-trivial LayerNorm gains and biases (HF's ones/zeros would hide a swapped pair). */
export function randomWeights(specs: ParamSpec[], seed: number): Weights {
  const wide = specs.map((s) => ({ ...s, init: { kind: 'normal', std: s.init.kind === 'normal' ? 0.4 : 0.3 } as const }));
  const weights = initialWeights(wide, seed);
  for (const s of specs) if (/(LayerNorm|layer_norm)\.weight$/.test(s.name)) weights.set(s.name, weights.get(s.name)!.map((x) => 1 + x));
  return weights;
}

/**
 * `ours` (B, T, V) flat against `references[b]` (T, V) for each row b: logs the largest
 * difference and the largest |reference logit|; asserts the logits are large enough to show
 * differences (spread > 1) and agree within 1e-4.
 */
export function assertMaskedLmMatchesReference(ours: Float32Array, references: Mat[], vocabSize: number): void {
  let [maxDiff, spread] = [0, 0];
  references.forEach((ref, b) =>
    ref.forEach((v, t) =>
      v.forEach((x, o) => {
        maxDiff = Math.max(maxDiff, Math.abs(x - ours[(b * ref.length + t) * vocabSize + o]));
        spread = Math.max(spread, Math.abs(x));
      }),
    ),
  );
  console.log(`      max |Δlogit| vs reference ${maxDiff.toExponential(2)} (logits up to ${spread.toFixed(2)})`);
  assert.ok(spread > 1, 'logits must be large enough to show differences');
  assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
}
