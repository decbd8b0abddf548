/**
 * Whole-graph gradient check of a 2-layer XLM masked LM in float64: two languages in one batch
 * (langs fed), a right-padded row (XLM multiplies the padding mask into the hidden states), and
 * the tied projection (pred_layer.proj shares transformer.embeddings.weight). The gradient with
 * respect to ALL parameters, projected on a random direction, must match the central finite
 * difference of the loss along that direction.
 */
import { buildXlmWithLMHead } from '../../../src/models/xlm/model';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { assertWholeModelGradient, int32Rows } from '../../helpers/directional-gradient';
import { tinyXlmConfig } from '../../helpers/tiny-xlm';

describe('whole-graph gradient of a 2-layer XLM masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    const cfg = tinyXlmConfig({ vocab_size: 17, emb_dim: 12, n_heads: 3, init_std: 0.5, embed_init_std: 0.5 });
    const [B, T] = [2, 6];
    const batch = {
      input_ids: int32Rows(B, T, [0, 5, 9, 1, 7, 1, 0, 11, 4, 1, 2, 2]), // row 2 is right-padded with <pad> = 2
      attention_mask: int32Rows(B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
      langs: int32Rows(B, T, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]),
      labels: int32Rows(B, T, [-100, 3, -100, -100, 7, -100, -100, 9, -100, -100, -100, -100]),
    };
    await assertWholeModelGradient('xlm_grad', batch, (g, params, x) => {
      // ONNX Runtime has no float64 Erf, so the MLM runs gelu's tanh form here (the same graph otherwise).
      const { logits } = buildXlmWithLMHead(g, params, cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, langs: x.langs }, { dtype: 'float64', activation: 'gelu_new' });
      return crossEntropy(g, logits, x.labels);
    }, new Rng(11));
  });
});
