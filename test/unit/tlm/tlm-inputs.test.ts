/**
 * The translation LM's inputs reach each family's embeddings as HF would take them: with
 * position ids that simply count 0…T-1 and one segment, the `tlm` graph gives exactly the
 * family's masked-LM logits (RoBERTa: the batch's side-relative positions shifted past the pad
 * id; a RoBERTa with one segment row reads every token as segment 0), and restarting the
 * positions on the text side, or changing a side's segment or language, changes them.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx, type TensorData } from '../../../src/graph';
import type { ModelConfig } from '../../../src/models/configs';
import { familyOf } from '../../../src/models/registry';
import { InputParams, initialWeights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { int32Rows } from '../../helpers/directional-gradient';
import { tinyBertConfig } from '../../helpers/tiny-bert';
import { tinyRobertaConfig } from '../../helpers/tiny-roberta';
import { tinyXlmConfig } from '../../helpers/tiny-xlm';

const T = 6;
const IDS = [2, 5, 9, 3, 7, 3];
const row = (values: number[]) => int32Rows(1, T, values);
const COUNTING = row([0, 1, 2, 3, 4, 5]);
const RESTARTING = row([0, 1, 2, 3, 0, 1]);
const ONE_SIDE = row([0, 0, 0, 0, 0, 0]);
const TWO_SIDES = row([0, 0, 0, 0, 1, 1]);

/** Logits (1, T, V) of `cfg`'s family's `objective` graph on one row, float32, weights from one seed. */
async function logitsOf(cfg: ModelConfig, objective: 'mlm' | 'tlm', feeds: { positions?: TensorData; sides?: TensorData }): Promise<Float32Array> {
  const g = new GraphBuilder('tlm_inputs');
  const params = new InputParams(g);
  const batch: Record<string, TensorData> = { input_ids: row(IDS), attention_mask: row(Array(T).fill(1)) };
  if (feeds.positions) batch.position_ids = feeds.positions;
  if (feeds.sides) batch.token_type_ids = batch.langs = feeds.sides;
  const input = (name: string) => (batch[name] ? g.input(name, 'int32', [1, T]) : undefined);
  const inputs = { inputIds: input('input_ids')!, attentionMask: input('attention_mask'), positionIds: input('position_ids'), tokenTypeIds: input('token_type_ids'), langs: input('langs') };
  g.output(familyOf(cfg).pretrain[objective]!(g, params, cfg, inputs, {}), 'logits');
  const session = await RuntimeSession.create(writeOnnx(g.graph));
  try {
    const weights = initialWeights(params.specs, 3);
    const out = await session.run({ ...batch, ...Object.fromEntries(params.specs.map((s) => [s.name, { dtype: 'float32', shape: s.shape, data: weights.get(s.name)! } as TensorData])) });
    return out.logits.data as Float32Array;
  } finally {
    await session.release();
  }
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

const FAMILIES: [string, ModelConfig][] = [
  ['bert', tinyBertConfig({ initializer_range: 0.5 })],
  ['roberta (2 segment rows)', tinyRobertaConfig({ initializer_range: 0.5, type_vocab_size: 2 })],
  ['xlm', tinyXlmConfig({ embed_init_std: 0.5 })],
];

describe('translation-LM inputs in each family', () => {
  for (const [name, cfg] of FAMILIES) {
    it(`${name}: counting positions and one side give the masked LM's logits; restarted positions and a second side change them`, async () => {
      // The side a text given alone is read in: segment 0; for XLM the text language (side 1).
      const alone = row(Array(T).fill(cfg.model_type === 'xlm' ? 1 : 0));
      const same = await logitsOf(cfg, 'tlm', { positions: COUNTING, sides: alone });
      assert.ok(maxDifference(await logitsOf(cfg, 'mlm', {}), same) < 1e-5, 'counting positions and one side are the masked LM');
      assert.ok(maxDifference(same, await logitsOf(cfg, 'tlm', { positions: RESTARTING, sides: alone })) > 1e-3, 'restarted positions must reach the embeddings');
      assert.ok(maxDifference(same, await logitsOf(cfg, 'tlm', { positions: COUNTING, sides: TWO_SIDES })) > 1e-3, 'the second side must reach the embeddings');
    });
  }

  it('roberta with one segment row (a --from folder): side ids are not fed, every token is segment 0', async () => {
    const cfg = tinyRobertaConfig({ initializer_range: 0.5 });
    const one = await logitsOf(cfg, 'tlm', { positions: COUNTING, sides: ONE_SIDE });
    const two = await logitsOf(cfg, 'tlm', { positions: COUNTING, sides: TWO_SIDES });
    assert.ok(maxDifference(one, two) < 1e-6);
    assert.ok(maxDifference(one, await logitsOf(cfg, 'mlm', {})) < 1e-5);
  });
});
