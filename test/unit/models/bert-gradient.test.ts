/**
 * Whole-graph gradient check of a 2-layer BERT masked LM in float64, padding and token types
 * included: the gradient with respect to ALL parameters, projected on a random direction, must
 * match the central finite difference of the loss along that direction.
 */
import { buildBertForMaskedLM } from '../../../src/models/bert/model';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { assertWholeModelGradient, int32Rows } from '../../helpers/directional-gradient';
import { tinyBertConfig } from '../../helpers/tiny-bert';

describe('whole-graph gradient of a 2-layer BERT masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf kernel, so BERT's exact 'gelu' cannot run in float64;
    // the tanh form 'gelu_new' exercises the same graph shape with a smooth activation.
    const cfg = tinyBertConfig({ hidden_act: 'gelu_new', initializer_range: 0.5, type_vocab_size: 2 });
    const [B, T] = [2, 6];
    const rng = new Rng(11);
    const batch = {
      input_ids: int32Rows(B, T, Array.from({ length: B * T }, () => 1 + rng.int(cfg.vocab_size - 1))),
      attention_mask: int32Rows(B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]), // row 2 has two padded keys
      token_type_ids: int32Rows(B, T, [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0]),
      labels: int32Rows(B, T, [-100, 3, -100, -100, 7, -100, 2, -100, -100, 9, -100, -100]),
    };
    await assertWholeModelGradient('bert_grad', batch, (g, params, x) => {
      const { logits } = buildBertForMaskedLM(g, params, cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, tokenTypeIds: x.token_type_ids }, { dtype: 'float64' });
      return crossEntropy(g, logits, x.labels);
    }, rng);
  });
});
