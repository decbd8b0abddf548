/**
 * Gradient accumulation: K micro-batches of B rows give the same update as one batch of K·B
 * rows through the fused step graph (causal LM: every row has the same number of targets).
 */
import assert from 'node:assert/strict';
import { causalLmForward } from '../../../../src/train/forward-clm';
import { initialWeights } from '../../../../src/nn/params';
import { createStepper } from '../../../../src/train/step/stepper';
import { paramSpecsOf } from '../../../../src/train/step/param-specs';
import { freshTrainState } from '../../../../src/train/step/step-session';
import { Rng } from '../../../../src/util/rng';
import { tinyGpt2Config } from '../../../helpers/tiny-gpt2';

const T = 8;
const optimizer = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clipNorm: 0.5 };
const cfg = tinyGpt2Config({ vocab_size: 13, n_positions: T, n_embd: 16, n_head: 2 });

function rows(rng: Rng, n: number) {
  const x = Int32Array.from({ length: n * T }, () => rng.int(13));
  const y = Int32Array.from({ length: n * T }, () => rng.int(13));
  return { x, y };
}
const feed = (x: Int32Array, y: Int32Array, n: number) => ({ input_ids: { dtype: 'int32' as const, shape: [n, T], data: x }, labels: { dtype: 'int32' as const, shape: [n, T], data: y } });

describe('gradient accumulation', () => {
  it('equals one bigger batch: same loss, gradient norm and parameters after 3 steps', async () => {
    const specs = paramSpecsOf(causalLmForward(cfg, 4, T));
    const big = await createStepper(causalLmForward(cfg, 4, T), optimizer, freshTrainState(specs, initialWeights(specs, 3)), 1, { intraOpNumThreads: 1 });
    const accum = await createStepper(causalLmForward(cfg, 2, T), optimizer, freshTrainState(specs, initialWeights(specs, 3)), 2, { intraOpNumThreads: 1 });
    const rng = new Rng(9);
    let worst = 0;
    for (let step = 0; step < 3; step++) {
      const { x, y } = rows(rng, 4);
      const a = await big.step([feed(x, y, 4)], 3e-3, rng);
      const half = 2 * T;
      const b = await accum.step([feed(x.slice(0, half), y.slice(0, half), 2), feed(x.slice(half), y.slice(half), 2)], 3e-3, rng);
      assert.ok(Math.abs(a.loss - b.loss) < 1e-5, `loss ${a.loss} vs ${b.loss}`);
      assert.ok(Math.abs(a.gradNorm - b.gradNorm) < 1e-5 * a.gradNorm, `grad norm ${a.gradNorm} vs ${b.gradNorm}`);
    }
    for (const spec of specs) {
      const p = big.state.params.get(spec.name)!;
      const q = accum.state.params.get(spec.name)!;
      for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
    }
    console.log(`      max |Δparam| after 3 steps: ${worst.toExponential(2)}`);
    assert.ok(worst < 1e-5, `parameters differ by ${worst}`);
    assert.equal(accum.state.step, 3);
    await big.release();
    await accum.release();
  });

  it('keeps the fused single graph when accumulating one micro-batch', async () => {
    const specs = paramSpecsOf(causalLmForward(cfg, 2, T));
    const stepper = await createStepper(causalLmForward(cfg, 2, T), optimizer, freshTrainState(specs, initialWeights(specs, 3)), 1, {});
    const { x, y } = rows(new Rng(1), 2);
    await assert.rejects(stepper.step([feed(x, y, 2), feed(x, y, 2)], 1e-3, new Rng(1)), /fused step graph takes one micro-batch/);
    await stepper.release();
  });
});
