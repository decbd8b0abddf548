/**
 * Whole-graph gradient check of a 2-layer RoBERTa masked LM in float64, a right-padded row
 * included (so position ids counted from the pad id feed the embeddings): the gradient with
 * respect to ALL parameters, projected on a random direction, must match the central finite
 * difference of the loss along that direction.
 */
import { bertEncoder } from '../../../src/models/bert/model';
import { ROBERTA_VARIANT, robertaLmHead } from '../../../src/models/roberta/model';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { assertWholeModelGradient, int32Rows } from '../../helpers/directional-gradient';
import { tinyRobertaConfig } from '../../helpers/tiny-roberta';

describe('whole-graph gradient of a 2-layer RoBERTa masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf kernel, so exact 'gelu' cannot run in float64; the tanh
    // form exercises the same graph (buildRobertaForMaskedLM is exactly this encoder + head).
    const cfg = tinyRobertaConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 });
    const [B, T] = [2, 6];
    const batch = {
      input_ids: int32Rows(B, T, [0, 5, 9, 12, 7, 2, 0, 11, 4, 2, 1, 1]), // row 2 is right-padded with <pad> = 1
      attention_mask: int32Rows(B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
      labels: int32Rows(B, T, [-100, 3, -100, -100, 7, -100, -100, 9, -100, -100, -100, -100]),
    };
    await assertWholeModelGradient('roberta_grad', batch, (g, params, x) => {
      const { hidden } = bertEncoder(g, params, cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask }, { dtype: 'float64' }, ROBERTA_VARIANT);
      return crossEntropy(g, robertaLmHead(g, params, cfg, hidden, 'gelu_new'), x.labels);
    }, new Rng(11));
  });
});
