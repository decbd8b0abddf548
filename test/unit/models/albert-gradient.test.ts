/**
 * Whole-graph gradient check of ALBERT's pretraining loss (masked LM + sentence order, as
 * src/train/forward-sop.ts sums them) in float64 whose layers are shared (3 layers
 * run by 2 groups of 2 inner layers, so group 0's parameters are used twice) with factorised
 * embeddings: the gradient with respect to ALL parameters, projected on a random direction, must
 * match the central finite difference of the loss along that direction. A shared parameter's
 * gradient is the sum over its uses; a graph that kept only one use would fail here.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../src/graph';
import { buildAlbertForPreTraining } from '../../../src/models/albert/model';
import { InputParams } from '../../../src/nn/params';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
import { tinyAlbertConfig } from '../../helpers/tiny-albert';

describe('whole-graph gradient of ALBERT pretraining (MLM + SOP) with shared layers (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ALBERT's own activation, gelu_new (tanh), runs in float64 (ONNX Runtime has no float64 Erf).
    const cfg = tinyAlbertConfig({ initializer_range: 0.5 });
    const [B, T] = [2, 6];
    const g = new GraphBuilder('albert_grad');
    const params = new InputParams(g, 'float64');
    const inputIds = g.input('input_ids', 'int32', [B, T]);
    const attentionMask = g.input('attention_mask', 'int32', [B, T]);
    const tokenTypeIds = g.input('token_type_ids', 'int32', [B, T]);
    const labels = g.input('labels', 'int32', [B, T]);
    const orderLabels = g.input('sentence_order_label', 'int32', [B, 1]);
    const { logits, sentenceOrderLogits } = buildAlbertForPreTraining(g, params, cfg, { inputIds, attentionMask, tokenTypeIds }, { dtype: 'float64' });
    const loss = g.add(crossEntropy(g, logits, labels), crossEntropy(g, sentenceOrderLogits, orderLabels));

    const ints = (values: number[]): TensorData => ({ dtype: 'int32', shape: [B, T], data: Int32Array.from(values) });
    const batch: Record<string, TensorData> = {
      input_ids: ints([2, 5, 9, 12, 7, 3, 2, 11, 4, 3, 0, 0]), // row 2 is right-padded with [PAD] = 0
      attention_mask: ints([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
      token_type_ids: ints([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]),
      labels: ints([-100, 3, -100, -100, 7, -100, -100, 9, -100, -100, -100, -100]),
      sentence_order_label: { dtype: 'int32', shape: [B, 1], data: Int32Array.from([1, 0]) },
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng: new Rng(11) });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });
});
