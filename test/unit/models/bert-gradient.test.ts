/**
 * Whole-graph gradient check of a 2-layer BERT masked LM in float64, padding and token types
 * included: the gradient with respect to ALL parameters, projected on a random direction, must
 * match the central finite difference of the loss along that direction.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../src/graph';
import { buildBertForMaskedLM } from '../../../src/models/bert/model';
import { InputParams } from '../../../src/nn/params';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
import { tinyBertConfig } from '../../helpers/tiny-bert';

describe('whole-graph gradient of a 2-layer BERT masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf kernel, so BERT's exact 'gelu' cannot run in float64;
    // the tanh form 'gelu_new' exercises the same graph shape with a smooth activation.
    const cfg = tinyBertConfig({ hidden_act: 'gelu_new', initializer_range: 0.5, type_vocab_size: 2 });
    const [B, T] = [2, 6];
    const g = new GraphBuilder('bert_grad');
    const params = new InputParams(g, 'float64');
    const inputIds = g.input('input_ids', 'int32', [B, T]);
    const attentionMask = g.input('attention_mask', 'int32', [B, T]);
    const tokenTypeIds = g.input('token_type_ids', 'int32', [B, T]);
    const labels = g.input('labels', 'int32', [B, T]);
    const { logits } = buildBertForMaskedLM(g, params, cfg, { inputIds, attentionMask, tokenTypeIds }, { dtype: 'float64' });
    const loss = crossEntropy(g, logits, labels);

    const rng = new Rng(11);
    const ints = (values: number[]): TensorData => ({ dtype: 'int32', shape: [B, T], data: Int32Array.from(values) });
    const batch: Record<string, TensorData> = {
      input_ids: ints(Array.from({ length: B * T }, () => 1 + rng.int(cfg.vocab_size - 1))),
      attention_mask: ints([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]), // row 2 has two padded keys
      token_type_ids: ints([0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0]),
      labels: ints([-100, 3, -100, -100, 7, -100, 2, -100, -100, 9, -100, -100]),
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });
});
