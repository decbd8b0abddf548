/**
 * XLM's translation LM (Lample & Conneau 2019, §3.3) on code ↔ text rows (`--objective tlm`):
 * each token's language is its side's (langs: lang2id.code on the code side, lang2id.text on the
 * text side) and positions restart where the text side starts, as XLM's TLM stream resets them;
 * token types are not fed, as HF XLM would embed them with the word table. With `tlm+match`,
 * Unicoder's pair-match head (src/models/pair-match-head.ts) reads the same encoder pass.
 * Legend: B batch, T tokens, V vocabulary.
 */
import type { GraphBuilder, Value } from '../../graph';
import type { ParamSource } from '../../nn/params';
import type { XlmConfig } from '../configs';
import type { GraphOptions, LmInputs } from '../family';
import { pairMatchHead } from '../pair-match-head';
import { languageId, usesLanguageEmbeddings } from './languages';
import { buildXlmWithLMHead, xlmEncoder, xlmPredLayer } from './model';

/** The rows' inputs for XLM: sides (0 = code, 1 = text) turned into the folder's language ids, no token types. */
function xlmTlmInputs(g: GraphBuilder, cfg: XlmConfig, inputs: LmInputs): LmInputs {
  const { inputIds, attentionMask, positionIds } = inputs;
  if (!inputs.langs || !usesLanguageEmbeddings(cfg)) return { inputIds, attentionMask, positionIds };
  const [code, text] = [languageId(cfg, 'code'), languageId(cfg, 'text')];
  // (B, T) side s ∈ {0, 1} → code + s · (text − code)
  const langs = code === 0 && text === 1 ? inputs.langs : g.add(g.mul(inputs.langs, text - code), code);
  return { inputIds, attentionMask, positionIds, langs };
}

// → logits (B, T, V)
export function buildXlmTranslationLm(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, inputs: LmInputs, options: GraphOptions = {}): Value {
  return buildXlmWithLMHead(g, params, cfg, xlmTlmInputs(g, cfg, inputs), options).logits;
}

// → logits (B, T, V), match logits (B, 2)
export function buildXlmWithPairMatch(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, inputs: LmInputs, options: GraphOptions = {}): { logits: Value; matchLogits: Value } {
  const { hidden } = xlmEncoder(g, params, cfg, xlmTlmInputs(g, cfg, inputs), options);
  const logits = g.scope('pred_layer', () => xlmPredLayer(g, params, cfg, hidden));
  const sizes = { width: cfg.emb_dim, initStd: cfg.init_std, dropoutRate: cfg.dropout };
  const matchLogits = g.scope('match', () => pairMatchHead(g, params, hidden, sizes, options.dropout));
  return { logits, matchLogits };
}
