/**
 * Whole-graph gradient check: a 2-layer causal transformer (GPT-2 architecture) in float64.
 * The gradient with respect to ALL parameters, projected on a random direction, must match
 * the central finite difference of the loss along that direction.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../../src/graph';
import { buildGpt2, causalLmLoss } from '../../../../src/models/gpt2/model';
import { InputParams } from '../../../../src/nn/params';
import { Rng } from '../../../../src/util/rng';
import { directionalGradientCheck } from '../../../helpers/directional-gradient';
import { tinyGpt2Config } from '../../../helpers/tiny-gpt2';

describe('whole-graph gradient of a 2-layer causal transformer (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    const cfg = tinyGpt2Config({ initializer_range: 0.5 });
    const [B, T] = [2, 6];
    const g = new GraphBuilder('gpt2_grad');
    const params = new InputParams(g, 'float64');
    const ids = g.input('input_ids', 'int32', [B, T]);
    const labels = g.input('labels', 'int32', [B, T]);
    const loss = causalLmLoss(g, buildGpt2(g, params, cfg, { inputIds: ids }, { dtype: 'float64' }).logits, labels);

    const rng = new Rng(7);
    const tokens = (n: number) => Int32Array.from({ length: n }, () => rng.int(cfg.vocab_size));
    const labelData = tokens(B * T);
    labelData[3] = -100; // an ignored position must not matter
    const batch: Record<string, TensorData> = {
      input_ids: { dtype: 'int32', shape: [B, T], data: tokens(B * T) },
      labels: { dtype: 'int32', shape: [B, T], data: labelData },
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 3, rng });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });
});
