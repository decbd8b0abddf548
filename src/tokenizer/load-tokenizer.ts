import { BpeModel, BpeModelJson } from './bpe-model';
import { decoderFromJSON } from './decoders';
import { normalizerFromJSON } from './normalizers';
import { AddedToken, PipelineTokenizer } from './pipeline-tokenizer';
import { postProcessorFromJSON } from './post-processors';
import { preTokenizerFromJSON } from './pre-tokenizer-stage';
import { rolesFromConventionalNames } from './special-tokens';
import { StageJson } from './stage-json';
import { SubwordModel } from './subword-model';
import { SpecialTokens, TokenizerKind } from './types';
import { WordPieceModel, WordPieceModelJson } from './word-piece-model';

/** The parts of tokenizer_config.json that name special tokens (strings or AddedToken objects). */
export interface TokenizerConfigJson {
  pad_token?: TokenField;
  unk_token?: TokenField;
  bos_token?: TokenField;
  eos_token?: TokenField;
  mask_token?: TokenField;
  cls_token?: TokenField;
  sep_token?: TokenField;
  additional_special_tokens?: TokenField[];
  [field: string]: unknown;
}

type TokenField = string | { content: string } | null;

interface TokenizerJson {
  added_tokens?: Array<{ id: number; content: string; special?: boolean }>;
  normalizer?: StageJson | null;
  pre_tokenizer?: StageJson | null;
  post_processor?: StageJson | null;
  decoder?: StageJson | null;
  model: BpeModelJson | WordPieceModelJson | { type: string };
}

/**
 * Reads an HF tokenizer.json: ours, or a GPT-2 / BERT style one from elsewhere. Special-token
 * roles come from `config` (tokenizer_config.json) when given, else from conventional names.
 * Stages this implementation does not know are refused with an error naming them.
 */
export function loadTokenizer(json: string | object, config?: TokenizerConfigJson): PipelineTokenizer {
  const doc = (typeof json === 'string' ? JSON.parse(json) : json) as TokenizerJson;
  const model = modelFromJSON(doc.model);
  const addedTokens: AddedToken[] = (doc.added_tokens ?? []).map((t) => ({ id: t.id, content: t.content, special: t.special === true }));
  const specialTokens = config ? rolesFromConfig(config) : rolesFromConventionalNames(addedTokens.filter((t) => t.special).map((t) => t.content));
  const preTokenizer = preTokenizerFromJSON(doc.pre_tokenizer);
  const idOf = (token: string) => addedTokens.find((t) => t.content === token)?.id ?? model.vocab.id(token);
  return new PipelineTokenizer({
    kind: kindOf(model, doc),
    addedTokens,
    normalizer: normalizerFromJSON(doc.normalizer),
    preTokenizer,
    model,
    postProcessor: postProcessorFromJSON(doc.post_processor, idOf),
    decoder: decoderFromJSON(doc.decoder),
    specialTokens,
  });
}

function modelFromJSON(json: TokenizerJson['model']): SubwordModel {
  if (json.type === 'BPE') return BpeModel.fromJSON(json as BpeModelJson);
  if (json.type === 'WordPiece') return WordPieceModel.fromJSON(json as WordPieceModelJson);
  throw new Error(`tokenizer.json model ${json.type} is not supported (BPE and WordPiece are)`);
}

/** A BPE with neither merges nor pre-tokenizer splits text into characters: our char-level form. */
function kindOf(model: SubwordModel, doc: TokenizerJson): TokenizerKind {
  if (model instanceof WordPieceModel) return 'wordpiece';
  const isCharLevel = model instanceof BpeModel && model.merges.length === 0 && !doc.pre_tokenizer;
  return isCharLevel ? 'char' : 'bpe';
}

function rolesFromConfig(config: TokenizerConfigJson): SpecialTokens {
  const content = (field: TokenField | undefined) => (field === null || field === undefined ? undefined : typeof field === 'string' ? field : field.content);
  const specials: SpecialTokens = {};
  for (const role of ['pad', 'unk', 'bos', 'eos', 'mask', 'cls', 'sep'] as const) {
    const token = content(config[`${role}_token`]);
    if (token !== undefined) specials[role] = token;
  }
  const sentinels = (config.additional_special_tokens ?? []).map(content).filter((t): t is string => t !== undefined && /^<extra_id_\d+>$/.test(t));
  if (sentinels.length > 0) specials.sentinels = sentinels;
  return specials;
}
