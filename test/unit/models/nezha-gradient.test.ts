/**
 * Whole-graph gradient check of a 2-layer NEZHA masked LM in float64 on rows of 8 tokens with
 * max_relative_position = 3 (clipped relative positions in keys and values), a right-padded row
 * included: the gradient with respect to ALL parameters, projected on a random direction, must
 * match the central finite difference of the loss along that direction.
 */
import { buildNezhaForMaskedLM } from '../../../src/models/nezha/model';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { assertWholeModelGradient, int32Rows } from '../../helpers/directional-gradient';
import { tinyNezhaConfig } from '../../helpers/tiny-nezha';

describe('whole-graph gradient of a 2-layer NEZHA masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf kernel, so exact 'gelu' cannot run in float64; the tanh
    // form exercises the same graph.
    const cfg = tinyNezhaConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 });
    const [B, T] = [2, 8];
    const batch = {
      input_ids: int32Rows(B, T, [2, 5, 9, 12, 7, 11, 6, 3, 2, 11, 4, 8, 3, 0, 0, 0]), // row 2 is right-padded with [PAD] = 0
      attention_mask: int32Rows(B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
      labels: int32Rows(B, T, [-100, 3, -100, -100, 7, -100, 10, -100, -100, 9, -100, 5, -100, -100, -100, -100]),
    };
    await assertWholeModelGradient('nezha_grad', batch, (g, params, x) => {
      const { logits } = buildNezhaForMaskedLM(g, params, cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask }, { dtype: 'float64' });
      return crossEntropy(g, logits, x.labels);
    }, new Rng(11));
  });
});
