/**
 * Whole-graph gradient check: a 2-layer causal transformer (GPT-2 architecture) in float64.
 * The gradient with respect to ALL parameters, projected on a random direction, must match
 * the central finite difference of the loss along that direction.
 */
import assert from 'node:assert/strict';
import { gradients } from '../../../src/autodiff';
import { GraphBuilder, writeOnnx, type TensorData } from '../../../src/graph';
import { buildGpt2, causalLmLoss } from '../../../src/models/gpt2';
import { InputParams, initialWeights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { Rng } from '../../../src/util/rng';
import { tinyGpt2Config } from '../../helpers/tiny-gpt2';

describe('whole-graph gradient of a 2-layer causal transformer (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    const cfg = tinyGpt2Config({ initializer_range: 0.5 });
    const [B, T] = [2, 6];
    const g = new GraphBuilder('gpt2_grad');
    const params = new InputParams(g, 'float64');
    const ids = g.input('input_ids', 'int32', [B, T]);
    const labels = g.input('labels', 'int32', [B, T]);
    const loss = causalLmLoss(g, buildGpt2(g, params, cfg, { inputIds: ids }, { dtype: 'float64' }).logits, labels);
    g.output(loss, 'loss');
    const grads = gradients(g, loss, params.values);
    grads.forEach((d, i) => g.output(d, `grad.${params.specs[i].name}`));
    const session = await RuntimeSession.create(writeOnnx(g.graph));

    const rng = new Rng(7);
    const weights = initialWeights(params.specs, 3, 'float64');
    const tokens = (n: number) => Int32Array.from({ length: n }, () => rng.int(cfg.vocab_size));
    const labelData = tokens(B * T);
    labelData[3] = -100; // an ignored position must not matter
    const batch: Record<string, TensorData> = {
      input_ids: { dtype: 'int32', shape: [B, T], data: tokens(B * T) },
      labels: { dtype: 'int32', shape: [B, T], data: labelData },
    };
    const direction = new Map(params.specs.map((s) => [s.name, Float64Array.from(weights.get(s.name)!, () => rng.normal())]));
    const feedsAt = (t: number) => {
      const feeds = { ...batch };
      for (const s of params.specs) {
        const w = weights.get(s.name)!;
        const d = direction.get(s.name)!;
        feeds[s.name] = { dtype: 'float64', shape: s.shape, data: Float64Array.from(w, (x, i) => x + t * d[i]) };
      }
      return feeds;
    };

    const out = await session.run(feedsAt(0));
    let analytic = 0;
    for (const s of params.specs) {
      const grad = out[`grad.${s.name}`].data as Float64Array;
      const d = direction.get(s.name)!;
      for (let i = 0; i < grad.length; i++) analytic += grad[i] * d[i];
    }
    const eps = 1e-5;
    const up = Number((await session.run(feedsAt(eps))).loss.data[0]);
    const down = Number((await session.run(feedsAt(-eps))).loss.data[0]);
    const numeric = (up - down) / (2 * eps);
    const relError = Math.abs(analytic - numeric) / Math.max(Math.abs(numeric), 1e-12);
    console.log(`      ${params.specs.length} parameter tensors; directional derivative ${analytic.toExponential(6)} vs ${numeric.toExponential(6)}, relative error ${relError.toExponential(2)}`);
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
    await session.release();
  });
});
