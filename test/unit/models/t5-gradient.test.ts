/**
 * Whole-graph gradient check of a tiny T5 (2 encoder + 2 decoder layers) in float64, with the
 * span-corruption forward the step graph uses: the gradient with respect to ALL parameters,
 * projected on a random direction, must match the central finite difference of the loss.
 * The encoder input is padded so the padding and cross-attention masks are in the path.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../src/graph';
import { noDropout } from '../../../src/nn/dropout';
import { InputParams } from '../../../src/nn/params';
import { spanCorruptionForward } from '../../../src/train/forward-span';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
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

      const rng = new Rng(11);
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
      const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng });
      assert.ok(params.specs.some((s) => s.name === 'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'));
      assert.equal(params.specs.some((s) => s.name === 'lm_head.weight'), !tie);
      assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
      assert.ok(relError < 1e-4, `relative error ${relError}`);
    }
  });
});
