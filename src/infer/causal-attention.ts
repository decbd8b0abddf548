/** Attention report of a decoder-only model on one text. */
import type { AttentionReport } from './attention-maps';
import { toAttentionMap } from './attention-maps';
import { tokenLabels } from './token-labels';
import type { CausalLm } from './causal-lm';

export async function causalAttentionReport(lm: CausalLm, text: string, model: string): Promise<AttentionReport> {
  const ids = lm.tokenizer.encode(text);
  if (ids.length === 0) throw new Error('the text is empty: give at least one token');
  const { attentions } = await lm.forward(ids, lm.emptyCache(), true);
  const tokens = tokenLabels(lm.tokenizer, ids);
  return { model, text, queryTokens: tokens, keyTokens: tokens, maps: attentions!.map((a, layer) => toAttentionMap('causal', layer, a)) };
}
