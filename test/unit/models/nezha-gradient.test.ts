/**
 * Whole-graph gradient check of a 2-layer NEZHA masked LM in float64 on rows of 8 tokens with
 * max_relative_position = 3 (clipped relative positions in keys and values), a right-padded row
 * included: the gradient with respect to ALL parameters, projected on a random direction, must
 * match the central finite difference of the loss along that direction.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../src/graph';
import { buildNezhaForMaskedLM } from '../../../src/models/nezha/model';
import { InputParams } from '../../../src/nn/params';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
import { tinyNezhaConfig } from '../../helpers/tiny-nezha';

describe('whole-graph gradient of a 2-layer NEZHA masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf kernel, so exact 'gelu' cannot run in float64; the tanh
    // form exercises the same graph.
    const cfg = tinyNezhaConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 });
    const [B, T] = [2, 8];
    const g = new GraphBuilder('nezha_grad');
    const params = new InputParams(g, 'float64');
    const inputIds = g.input('input_ids', 'int32', [B, T]);
    const attentionMask = g.input('attention_mask', 'int32', [B, T]);
    const labels = g.input('labels', 'int32', [B, T]);
    const { logits } = buildNezhaForMaskedLM(g, params, cfg, { inputIds, attentionMask }, { dtype: 'float64' });
    const loss = crossEntropy(g, logits, labels);

    const rng = new Rng(11);
    const ints = (values: number[]): TensorData => ({ dtype: 'int32', shape: [B, T], data: Int32Array.from(values) });
    const batch: Record<string, TensorData> = {
      input_ids: ints([2, 5, 9, 12, 7, 11, 6, 3, 2, 11, 4, 8, 3, 0, 0, 0]), // row 2 is right-padded with [PAD] = 0
      attention_mask: ints([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
      labels: ints([-100, 3, -100, -100, 7, -100, 10, -100, -100, 9, -100, 5, -100, -100, -100, -100]),
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });
});
