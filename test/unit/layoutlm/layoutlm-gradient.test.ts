/**
 * Whole-graph gradient check of a 2-layer LayoutLM masked LM in float64, boxes and a
 * right-padded row included (so the x/y/h/w tables, gathered at coordinates and at their
 * differences, receive gradients): the gradient with respect to ALL parameters, projected on a
 * random direction, must match the central finite difference of the loss along that direction.
 */
import { buildLayoutLmForMaskedLM } from '../../../src/models/layoutlm/model';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { assertWholeModelGradient, int32Rows } from '../../helpers/directional-gradient';
import { tinyLayoutLmConfig } from '../../helpers/tiny-layoutlm';

describe('whole-graph gradient of a 2-layer LayoutLM masked LM (float64)', () => {
  it('matches finite differences along a random direction to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf kernel, so exact 'gelu' cannot run in float64; the tanh
    // form exercises the same graph.
    const cfg = tinyLayoutLmConfig({ hidden_act: 'gelu_new', initializer_range: 0.5, max_2d_position_embeddings: 1024 });
    const [B, T] = [2, 6];
    const boxes = [
      [0, 0, 0, 0], [0, 0, 15, 5], [15, 0, 35, 5], [20, 5, 45, 10], [0, 10, 995, 15], [1000, 1000, 1000, 1000],
      [0, 0, 0, 0], [5, 0, 10, 5], [10, 30, 25, 45], [1000, 1000, 1000, 1000], [0, 0, 0, 0], [0, 0, 0, 0],
    ].flat();
    const batch = {
      input_ids: int32Rows(B, T, [0, 5, 9, 12, 7, 2, 0, 11, 4, 2, 1, 1]), // row 2 is right-padded with <pad> = 1
      attention_mask: int32Rows(B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
      labels: int32Rows(B, T, [-100, 3, -100, -100, 7, -100, -100, 9, -100, -100, -100, -100]),
      bbox: { dtype: 'int32' as const, shape: [B, T, 4], data: Int32Array.from(boxes) },
    };
    await assertWholeModelGradient('layoutlm_grad', batch, (g, params, x) => {
      // The masked-LM head reads hidden_act; gelu_new keeps it float64-runnable.
      const logits = buildLayoutLmForMaskedLM(g, params, cfg, { inputIds: x.input_ids, attentionMask: x.attention_mask, bbox: x.bbox }, { dtype: 'float64' }).logits;
      return crossEntropy(g, logits, x.labels);
    }, new Rng(11));
  });
});
