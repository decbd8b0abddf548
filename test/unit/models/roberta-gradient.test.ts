/**
 * Whole-graph gradient check of a 2-layer RoBERTa masked LM in float64, a right-padded row
 * included (so position ids counted from the pad id feed the embeddings): the gradient with
 * respect to ALL parameters, projected on a random direction, must match the central finite
 * difference of the loss along that direction.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../src/graph';
import { bertEncoder } from '../../../src/models/bert/model';
import { ROBERTA_VARIANT, robertaLmHead } from '../../../src/models/roberta/model';
import { InputParams } from '../../../src/nn/params';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
import { tinyRobertaConfig } from '../../helpers/tiny-roberta';

describe('whole-graph gradient of a 2-layer RoBERTa masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf kernel, so exact 'gelu' cannot run in float64; the tanh
    // form exercises the same graph (buildRobertaForMaskedLM is exactly this encoder + head).
    const cfg = tinyRobertaConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 });
    const [B, T] = [2, 6];
    const g = new GraphBuilder('roberta_grad');
    const params = new InputParams(g, 'float64');
    const inputIds = g.input('input_ids', 'int32', [B, T]);
    const attentionMask = g.input('attention_mask', 'int32', [B, T]);
    const labels = g.input('labels', 'int32', [B, T]);
    const { hidden } = bertEncoder(g, params, cfg, { inputIds, attentionMask }, { dtype: 'float64' }, ROBERTA_VARIANT);
    const loss = crossEntropy(g, robertaLmHead(g, params, cfg, hidden, 'gelu_new'), labels);

    const rng = new Rng(11);
    const ints = (values: number[]): TensorData => ({ dtype: 'int32', shape: [B, T], data: Int32Array.from(values) });
    const batch: Record<string, TensorData> = {
      input_ids: ints([0, 5, 9, 12, 7, 2, 0, 11, 4, 2, 1, 1]), // row 2 is right-padded with <pad> = 1
      attention_mask: ints([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
      labels: ints([-100, 3, -100, -100, 7, -100, -100, 9, -100, -100, -100, -100]),
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });
});
