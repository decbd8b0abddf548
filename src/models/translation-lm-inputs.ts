/**
 * The translation LM's row inputs as one encoder family's graph takes them. Batches
 * (src/data/batch-tlm.ts) count positions from 0 at each side's first token and give each side
 * its segment (0 = code, 1 = text); a family whose position table starts elsewhere (RoBERTa:
 * after the pad id) shifts the positions into its table's rows, and one whose config has a
 * single segment row (a RoBERTa folder continued with `--from`) reads every token as segment 0,
 * RoBERTa's own way of reading a pair (`<s> A </s></s> B </s>`).
 */
import type { GraphBuilder } from '../graph';
import type { BertInputs } from './bert/model';
import type { BertLikeConfig } from './configs';
import type { LmInputs } from './family';

/** `inputs` with positions moved `firstPosition` rows on and segment ids dropped where the config has one segment row. */
export function translationLmInputs(g: GraphBuilder, cfg: BertLikeConfig, inputs: LmInputs, firstPosition = 0): BertInputs {
  const positionIds = inputs.positionIds && firstPosition !== 0 ? g.add(inputs.positionIds, firstPosition) : inputs.positionIds;
  const tokenTypeIds = cfg.type_vocab_size >= 2 ? inputs.tokenTypeIds : undefined;
  return { inputIds: inputs.inputIds, attentionMask: inputs.attentionMask, tokenTypeIds, positionIds };
}
