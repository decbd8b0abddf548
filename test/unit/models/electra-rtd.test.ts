/**
 * ELECTRA's joint replaced-token-detection step loss (src/models/electra/rtd.ts): the
 * discriminator's labels mark exactly the positions whose Gumbel-max sample differs from the
 * original (a sample equal to the original is label 0), the embeddings are one parameter set
 * used by both networks, and a float64 directional gradient check of the JOINT loss with the
 * Gumbel noise fixed passes through the (stop-gradient) sample.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, type TensorData } from '../../../src/graph';
import { GENERATOR_NAMES, replacedTokenDetection } from '../../../src/models/electra/rtd';
import { InputParams } from '../../../src/nn/params';
import { Rng } from '../../../src/util/rng';
import { directionalGradientCheck } from '../../helpers/directional-gradient';
import { int32, runWithRandomWeights, tinyElectraConfig } from '../../helpers/tiny-electra';

const [B, T] = [2, 6];
const MASK_ID = 4;
const ORIGINAL = [[2, 5, 9, 14, 7, 3], [2, 11, 6, 3, 0, 0]];
const LABELS = [[-100, 5, -100, 14, 7, -100], [-100, 11, 6, -100, -100, -100]];
const INPUT = ORIGINAL.map((row, b) => row.map((id, t) => (LABELS[b][t] >= 0 ? MASK_ID : id)));
const MASK = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]];

function gumbelNoise(V: number, seed: number, dtype: 'float32' | 'float64'): TensorData {
  const rng = new Rng(seed);
  const values = Array.from({ length: B * T * V }, () => -Math.log(-Math.log(Math.min(Math.max(rng.next(), 1e-12), 1 - 1e-12))));
  // Position (1, 1): noise so large on the original token that the sample must equal it (label 0 although masked).
  values[(1 * T + 1) * V + ORIGINAL[1][1]] = 1e3;
  return { dtype, shape: [B, T, V], data: dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values) };
}

const discriminator = tinyElectraConfig();
const generator = tinyElectraConfig({ hidden_size: 4, num_attention_heads: 1, intermediate_size: 8 });

describe('ELECTRA replaced-token detection (joint generator + discriminator step loss)', () => {
  it('labels exactly the positions whose sampled token differs from the original, the sample being argmax(generator logits + noise)', async () => {
    const V = discriminator.vocab_size;
    const gumbel = gumbelNoise(V, 3, 'float32');
    const { out, specs } = await runWithRandomWeights((g, params) => {
      const inputs = { inputIds: g.input('input_ids', 'int32', [B, T]), attentionMask: g.input('attention_mask', 'int32', [B, T]), labels: g.input('labels', 'int32', [B, T]), gumbel: g.input('gumbel', 'float32', [B, T, V]) };
      const r = replacedTokenDetection(g, params, discriminator, generator, inputs);
      return { discriminator_input: r.discriminatorInput, replaced: r.replaced, generator_logits: r.generatorLogits, loss: r.loss };
    }, { input_ids: int32(INPUT), attention_mask: int32(MASK), labels: int32(LABELS), gumbel }, 5);

    assert.ok(!specs.some((s) => s.name.startsWith(`${GENERATOR_NAMES.prefix}electra.embeddings.`)), 'the generator has no embedding tables of its own');
    assert.ok(specs.some((s) => s.name === `${GENERATOR_NAMES.prefix}electra.embeddings_project.weight`), 'the narrower generator projects the shared embeddings');
    const fed = out.discriminator_input.data as Int32Array;
    const replaced = out.replaced.data as Float32Array;
    const logits = out.generator_logits.data as Float32Array;
    const noise = gumbel.data as Float32Array;
    let [kept, changed] = [0, 0];
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const i = b * T + t;
        let expected = ORIGINAL[b][t];
        if (LABELS[b][t] >= 0) {
          let best = 0;
          for (let v = 1; v < V; v++) if (logits[i * V + v] + noise[i * V + v] > logits[i * V + best] + noise[i * V + best]) best = v;
          expected = best;
        }
        assert.equal(fed[i], expected, `discriminator input at (${b}, ${t})`);
        assert.equal(replaced[i], expected !== ORIGINAL[b][t] ? 1 : 0, `label at (${b}, ${t})`);
        if (LABELS[b][t] >= 0) expected === ORIGINAL[b][t] ? kept++ : changed++;
      }
    }
    assert.ok(kept >= 1 && changed >= 1, `need a masked position sampled back to its original (${kept}) and a replaced one (${changed})`);
    assert.ok(Number.isFinite(out.loss.data[0] as number));
  });

  it('has a joint-loss gradient matching finite differences (float64, noise fixed) to < 1e-4 relative error', async () => {
    // ONNX Runtime has no float64 Erf, so the tanh gelu stands in for exact gelu everywhere.
    const disc = { ...discriminator, hidden_act: 'gelu_new' as const, initializer_range: 0.5 };
    const gen = { ...generator, hidden_act: 'gelu_new' as const, initializer_range: 0.5 };
    const V = disc.vocab_size;
    const g = new GraphBuilder('electra_rtd_grad');
    const params = new InputParams(g, 'float64');
    const inputs = { inputIds: g.input('input_ids', 'int32', [B, T]), attentionMask: g.input('attention_mask', 'int32', [B, T]), labels: g.input('labels', 'int32', [B, T]), gumbel: g.input('gumbel', 'float64', [B, T, V]) };
    const { loss } = replacedTokenDetection(g, params, disc, gen, inputs, { dtype: 'float64', headActivation: 'gelu_new' });
    const batch = { input_ids: int32(INPUT), attention_mask: int32(MASK), labels: int32(LABELS), gumbel: gumbelNoise(V, 7, 'float64') };
    const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng: new Rng(11) });
    assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
    assert.ok(relError < 1e-4, `relative error ${relError}`);
  });
});
