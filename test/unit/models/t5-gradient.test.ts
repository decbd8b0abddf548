/**
 * Whole-graph gradient check of a tiny T5 (2 encoder + 2 decoder layers) in float64, with the
 * span-corruption forward the step graph uses: the gradient with respect to ALL parameters,
 * projected on a random direction, must match the central finite difference of the loss.
 * The encoder input is padded so the padding and cross-attention masks are in the path.
 */
import assert from 'node:assert/strict';
import { gradients } from '../../../src/autodiff';
import { GraphBuilder, writeOnnx, type TensorData } from '../../../src/graph';
import { noDropout } from '../../../src/nn/dropout';
import { InputParams, initialWeights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { spanCorruptionForward } from '../../../src/train/forward-span';
import { Rng } from '../../../src/util/rng';
import { tinyT5Config } from '../../helpers/tiny-t5';

describe('whole-graph gradient of a 2+2-layer T5 (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // relu: ORT has no float64 Erf. Untied head so lm_head.weight is checked too.
    for (const tie of [true, false]) {
      const cfg = tinyT5Config({ feed_forward_proj: 'relu', tie_word_embeddings: tie });
      const [B, S, T] = [2, 7, 5];
      const g = new GraphBuilder('t5_grad');
      const params = new InputParams(g, 'float64');
      const { loss } = spanCorruptionForward(cfg, B, S, T, 'float64')(g, params, noDropout);
      g.output(loss, 'loss');
      const grads = gradients(g, loss, params.values);
      grads.forEach((d, i) => g.output(d, `grad.${params.specs[i].name}`));
      const session = await RuntimeSession.create(writeOnnx(g.graph));

      const rng = new Rng(11);
      const weights = initialWeights(params.specs, 5, 'float64');
      const tokens = (n: number) => Int32Array.from({ length: n }, () => 1 + rng.int(cfg.vocab_size - 1));
      const mask = Int32Array.from({ length: B * S }, (_, i) => (i >= S && i % S >= 4 ? 0 : 1)); // row 1 padded after 4
      const labels = tokens(B * T);
      labels[T + 4] = -100; // an ignored position must not matter
      const batch: Record<string, TensorData> = {
        input_ids: { dtype: 'int32', shape: [B, S], data: tokens(B * S) },
        attention_mask: { dtype: 'int32', shape: [B, S], data: mask },
        decoder_input_ids: { dtype: 'int32', shape: [B, T], data: tokens(B * T) },
        labels: { dtype: 'int32', shape: [B, T], data: labels },
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
      console.log(`      tie=${tie}: ${params.specs.length} parameter tensors; ${analytic.toExponential(6)} vs ${numeric.toExponential(6)}, relative error ${relError.toExponential(2)}`);
      assert.ok(params.specs.some((s) => s.name === 'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'));
      assert.equal(params.specs.some((s) => s.name === 'lm_head.weight'), !tie);
      assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
      assert.ok(relError < 1e-4, `relative error ${relError}`);
      await session.release();
    }
  });
});
