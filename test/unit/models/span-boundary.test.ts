/**
 * SpanBERT's span-boundary head (src/models/bert/span-boundary.ts): the boundaries and in-span
 * positions it reads off a hand-made mask, its forward against a plain computation of the
 * paper's formula on those boundaries, and a float64 directional gradient check of MLM + SBO.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData, writeOnnx } from '../../../src/graph';
import { buildBertWithSpanBoundary, spanBoundaries, spanBoundaryHead } from '../../../src/models/bert/span-boundary';
import { TRAINING_HEAD_PREFIX } from '../../../src/models/family';
import { ConstantParams, initialWeights, InputParams, type Weights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
import { tinyBertConfig } from '../../helpers/tiny-bert';

const T = 8;
// [CLS] a [M] [M] b [M] c [SEP] and a row whose last span runs to the end: x [M] [M] [M] y z [M] [M].
const MASKED = [
  [0, 0, 1, 1, 0, 1, 0, 0],
  [0, 1, 1, 1, 0, 0, 1, 1],
];
// Per masked position: s − 1, e + 1 (T − 1 when the span reaches the end) and i − s.
const EXPECTED = {
  left: [[1, 1, 4], [0, 0, 0, 5, 5]],
  right: [[4, 4, 6], [4, 4, 4, 7, 7]],
  offset: [[0, 1, 0], [0, 1, 2, 0, 1]],
};
const maskedTensor: TensorData = { dtype: 'int32', shape: [2, T], data: Int32Array.from(MASKED.flat()) };
const maskedPositions = (b: number) => MASKED[b].flatMap((m, i) => (m ? [i] : []));

async function run(g: GraphBuilder, feeds: Record<string, TensorData>) {
  const session = await RuntimeSession.create(writeOnnx(g.graph));
  const out = await session.run(feeds);
  await session.release();
  return out;
}

describe('SpanBERT span-boundary objective', () => {
  it('finds each masked token its span boundaries x_{s-1}, x_{e+1} and its position i - s', async () => {
    const g = new GraphBuilder('span_boundaries');
    const spans = spanBoundaries(g, g.input('masked', 'int32', [2, T]));
    for (const [name, v] of Object.entries(spans)) g.output(v, name);
    const out = await run(g, { masked: maskedTensor });
    for (const name of ['left', 'right', 'offset'] as const) {
      const values = Array.from(out[name].data as BigInt64Array, Number);
      const atMasked = [0, 1].map((b) => maskedPositions(b).map((i) => values[b * T + i]));
      assert.deepEqual(atMasked, EXPECTED[name], name);
    }
  });

  it('computes LayerNorm(GeLU(W2 LayerNorm(GeLU(W1 [x_{s-1}; x_{e+1}; p_{i-s+1}])))) · Eᵀ + b at masked tokens', async () => {
    const cfg = tinyBertConfig({ hidden_act: 'relu' }); // relu: the plain computation below needs no erf
    const C = cfg.hidden_size;
    const build = (g: GraphBuilder, params: InputParams | ConstantParams) => {
      const hidden = g.input('hidden', 'float32', [2, T, C]);
      return spanBoundaryHead(g, params, cfg, hidden, spanBoundaries(g, g.input('masked', 'int32', [2, T])));
    };
    const probe = new GraphBuilder('probe');
    const specs = new InputParams(probe);
    build(probe, specs);
    const wide = specs.specs.map((s) => ({ ...s, init: { kind: 'normal', std: 0.5 } as const }));
    const weights: Weights = initialWeights(wide, 3);
    const rng = new Rng(7);
    const hidden = Float32Array.from({ length: 2 * T * C }, () => rng.next() * 2 - 1);

    const g = new GraphBuilder('sbo_head');
    g.output(build(g, new ConstantParams(g, weights)), 'logits');
    const ours = (await run(g, { hidden: { dtype: 'float32', shape: [2, T, C], data: hidden }, masked: maskedTensor })).logits.data as Float32Array;

    const w = (name: string) => Array.from(weights.get(`${TRAINING_HEAD_PREFIX}sbo.${name}`)!);
    const dense = (x: number[], name: string, out: number) => {
      const [W, bias] = [w(`${name}.dense.weight`), w(`${name}.dense.bias`)];
      return Array.from({ length: out }, (_, o) => bias[o] + x.reduce((s, xi, i) => s + xi * W[o * x.length + i], 0));
    };
    const norm = (x: number[], name: string) => {
      const mean = x.reduce((a, c) => a + c, 0) / x.length;
      const variance = x.reduce((a, c) => a + (c - mean) ** 2, 0) / x.length;
      const [gain, bias] = [w(`${name}.LayerNorm.weight`), w(`${name}.LayerNorm.bias`)];
      return x.map((c, i) => ((c - mean) / Math.sqrt(variance + cfg.layer_norm_eps)) * gain[i] + bias[i]);
    };
    const relu = (x: number[]) => x.map((c) => Math.max(c, 0));
    const row = (b: number, t: number) => Array.from(hidden.subarray((b * T + t) * C, (b * T + t + 1) * C));
    const [positions, words, vocabBias] = [w('position_embeddings.weight'), Array.from(weights.get('bert.embeddings.word_embeddings.weight')!), w('bias')];
    let [maxDiff, checked] = [0, 0];
    for (const b of [0, 1]) {
      maskedPositions(b).forEach((i, k) => {
        const joined = [...row(b, EXPECTED.left[b][k]), ...row(b, EXPECTED.right[b][k]), ...positions.slice(EXPECTED.offset[b][k] * C, (EXPECTED.offset[b][k] + 1) * C)];
        const y = norm(relu(dense(norm(relu(dense(joined, 'layer1', C)), 'layer1'), 'layer2', C)), 'layer2');
        for (let v = 0; v < cfg.vocab_size; v++) {
          const expected = vocabBias[v] + y.reduce((s, yi, c) => s + yi * words[v * C + c], 0);
          maxDiff = Math.max(maxDiff, Math.abs(expected - ours[(b * T + i) * cfg.vocab_size + v]));
          checked++;
        }
      });
    }
    assert.equal(checked, 8 * cfg.vocab_size);
    assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  });

  it('MLM + SBO: whole-graph float64 gradient matches finite differences (< 1e-4 relative)', async () => {
    const cfg = tinyBertConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 });
    const g = new GraphBuilder('sbo_grad');
    const params = new InputParams(g, 'float64');
    const inputIds = g.input('input_ids', 'int32', [2, T]);
    const labels = g.input('labels', 'int32', [2, T]);
    const masked = g.not(g.equal(labels, -100));
    const { logits, boundaryLogits } = buildBertWithSpanBoundary(g, params, cfg, { inputIds, masked }, { dtype: 'float64' });
    const loss = g.add(crossEntropy(g, logits, labels), crossEntropy(g, boundaryLogits, labels));
    assert.ok(params.specs.some((s) => s.name.startsWith(`${TRAINING_HEAD_PREFIX}sbo.`)));
    const ids = [2, 5, 4, 4, 7, 4, 9, 3, 2, 4, 4, 4, 8, 11, 4, 4];
    const original = [2, 5, 6, 10, 7, 12, 9, 3, 2, 6, 8, 12, 8, 11, 5, 9];
    const batch: Record<string, TensorData> = {
      input_ids: { dtype: 'int32', shape: [2, T], data: Int32Array.from(ids) },
      labels: { dtype: 'int32', shape: [2, T], data: Int32Array.from(original.map((id, n) => (MASKED.flat()[n] ? id : -100))) },
    };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng: new Rng(11) });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });
});
