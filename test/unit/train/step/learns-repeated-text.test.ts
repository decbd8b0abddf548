/** End-to-end: the step graph trains a 2-layer causal transformer until it memorises a text. */
import assert from 'node:assert/strict';
import { buildGpt2, causalLmLoss } from '../../../../src/models/gpt2/model';
import { initialWeights } from '../../../../src/nn/params';
import { buildStepGraph } from '../../../../src/train/step/step-graph';
import { StepSession, freshTrainState } from '../../../../src/train/step/step-session';
import { Rng } from '../../../../src/util/rng';
import { tinyGpt2Config } from '../../../helpers/tiny-gpt2';

describe('training with the step graph', () => {
  it('drives a 2-layer causal transformer below loss 0.1 on a tiny repeated text', async () => {
    const text = 'pretrain lab learns this line. '.repeat(40);
    const chars = [...new Set(text)].sort();
    const ids = Int32Array.from(text, (c) => chars.indexOf(c));
    const cfg = tinyGpt2Config({ vocab_size: chars.length, n_embd: 32, n_head: 4, n_positions: 32 });
    const [B, T] = [8, 32];
    const step = buildStepGraph(
      (g, params) => {
        const inputIds = g.input('input_ids', 'int32', [B, T]);
        const labels = g.input('labels', 'int32', [B, T]);
        return { loss: causalLmLoss(g, buildGpt2(g, params, cfg, { inputIds }).logits, labels) };
      },
      { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 },
    );
    const session = await StepSession.create(step, freshTrainState(step.params, initialWeights(step.params, 1)), { intraOpNumThreads: 1 });
    const rng = new Rng(5);
    const losses: number[] = [];
    for (let i = 0; i < 400; i++) {
      const x = new Int32Array(B * T);
      const y = new Int32Array(B * T);
      for (let b = 0; b < B; b++) {
        const start = rng.int(ids.length - T - 1);
        x.set(ids.subarray(start, start + T), b * T);
        y.set(ids.subarray(start + 1, start + T + 1), b * T);
      }
      const { loss } = await session.run(
        { input_ids: { dtype: 'int32', shape: [B, T], data: x }, labels: { dtype: 'int32', shape: [B, T], data: y } },
        3e-3,
      );
      losses.push(loss);
      if (loss < 0.05) break;
    }
    await session.release();
    console.log(`      loss ${losses[0].toFixed(3)} → ${losses[losses.length - 1].toFixed(4)} in ${losses.length} steps`);
    assert.ok(losses[0] > 2, 'starts near ln(vocab)');
    assert.ok(losses[losses.length - 1] < 0.1, `final loss ${losses[losses.length - 1]}`);
  });
});
