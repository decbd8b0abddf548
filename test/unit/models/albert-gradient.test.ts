/**
 * Whole-graph gradient check of ALBERT's pretraining loss (masked LM + sentence order, as
 * src/train/forward-sop.ts sums them) in float64 whose layers are shared (3 layers
 * run by 2 groups of 2 inner layers, so group 0's parameters are used twice) with factorised
 * embeddings: the gradient with respect to ALL parameters, projected on a random direction, must
 * match the central finite difference of the loss along that direction. A shared parameter's
 * gradient is the sum over its uses; a graph that kept only one use would fail here.
 */
import { buildAlbertForPreTraining } from '../../../src/models/albert/model';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { assertWholeModelGradient, int32Rows } from '../../helpers/directional-gradient';
import { tinyAlbertConfig } from '../../helpers/tiny-albert';

describe('whole-graph gradient of ALBERT pretraining (MLM + SOP) with shared layers (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ALBERT's own activation, gelu_new (tanh), runs in float64 (ONNX Runtime has no float64 Erf).
    const cfg = tinyAlbertConfig({ initializer_range: 0.5 });
    const [B, T] = [2, 6];
    const batch = {
      input_ids: int32Rows(B, T, [2, 5, 9, 12, 7, 3, 2, 11, 4, 3, 0, 0]), // row 2 is right-padded with [PAD] = 0
      attention_mask: int32Rows(B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
      token_type_ids: int32Rows(B, T, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]),
      labels: int32Rows(B, T, [-100, 3, -100, -100, 7, -100, -100, 9, -100, -100, -100, -100]),
      sentence_order_label: int32Rows(B, 1, [1, 0]),
    };
    await assertWholeModelGradient('albert_grad', batch, (g, params, x) => {
      const { logits, sentenceOrderLogits } = buildAlbertForPreTraining(g, params, cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, tokenTypeIds: x.token_type_ids }, { dtype: 'float64' });
      return g.add(crossEntropy(g, logits, x.labels), crossEntropy(g, sentenceOrderLogits, x.sentence_order_label));
    }, new Rng(11));
  });
});
