/**
 * Float64 whole-model gradient checks of the translation-LM losses as src/train/forward-tlm.ts
 * builds them, through each family's `tlm` / `tlm+match` graph: explicit position ids restarting
 * on the text side, segment ids (BERT, RoBERTa with a 2-row type table) or languages (XLM),
 * a right-padded plain row, and the pair-match head's loss over the pair rows only (the plain
 * row's match label is ignored). The gradient with respect to every parameter, projected on a
 * random direction, must match the central finite difference of the loss along it.
 */
import type { Value } from '../../../src/graph';
import type { ModelConfig } from '../../../src/models/configs';
import type { LmInputs } from '../../../src/models/family';
import { familyOf } from '../../../src/models/registry';
import { crossEntropy } from '../../../src/train/step/losses';
import { Rng } from '../../../src/util/rng';
import { assertWholeModelGradient, int32Rows } from '../../helpers/directional-gradient';
import { tinyBertConfig } from '../../helpers/tiny-bert';
import { tinyXlmConfig } from '../../helpers/tiny-xlm';

const [B, T] = [3, 7];
/** Two pair rows `[CLS] c c [SEP] t t [SEP]` (their sides and restarting positions), and a plain row padded after 5 tokens. */
const BATCH = {
  input_ids: int32Rows(B, T, [2, 5, 9, 3, 7, 8, 3, 2, 11, 4, 3, 6, 10, 3, 2, 12, 7, 6, 3, 0, 0]),
  attention_mask: int32Rows(B, T, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
  token_type_ids: int32Rows(B, T, [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]),
  position_ids: int32Rows(B, T, [0, 1, 2, 3, 0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 0, 1, 2, 3, 4, 5, 6]),
  langs: int32Rows(B, T, [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  labels: int32Rows(B, T, [-100, 3, -100, -100, 7, -100, -100, -100, -100, 9, -100, 4, -100, -100, -100, 5, -100, -100, -100, -100, -100]),
  match_label: int32Rows(B, 1, [1, 0, -100]),
};

function lmInputs(x: Record<string, Value>): LmInputs {
  return { inputIds: x.input_ids, attentionMask: x.attention_mask, tokenTypeIds: x.token_type_ids, positionIds: x.position_ids, langs: x.langs };
}

/** The translation LM's loss of `cfg`'s family in float64, with the match head's beside it when `match`. */
async function checkFamily(name: string, cfg: ModelConfig, match: boolean): Promise<void> {
  const family = familyOf(cfg);
  const { match_label: matchLabel, ...rows } = BATCH;
  await assertWholeModelGradient(name, match ? BATCH : rows, (g, params, x) => {
    if (!match) return crossEntropy(g, family.pretrain.tlm!(g, params, cfg, lmInputs(x), { dtype: 'float64' }), x.labels);
    const { logits, matchLogits } = family.pretrain['tlm+match']!(g, params, cfg, lmInputs(x), { dtype: 'float64' });
    return g.add(crossEntropy(g, logits, x.labels), crossEntropy(g, matchLogits, x.match_label));
  }, new Rng(17));
}

// float64 cannot run exact (erf) gelu in ONNX Runtime: the tanh form or relu exercises the same graphs.
describe('whole-model gradient of the translation LM and the pair-match head (float64)', () => {
  it('BERT tlm: explicit positions and segment ids', async () => {
    await checkFamily('bert_tlm', tinyBertConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 }), false);
  });

  it('BERT tlm+match: the masked LM and the pooled match classifier together', async () => {
    await checkFamily('bert_tlm_match', tinyBertConfig({ hidden_act: 'gelu_new', initializer_range: 0.5 }), true);
  });

  it('XLM tlm+match: languages per side, positions restarting', async () => {
    await checkFamily('xlm_tlm_match', tinyXlmConfig({ gelu_activation: false, init_std: 0.5 }), true);
  });
});
