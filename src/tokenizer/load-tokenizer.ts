import { BpeModel, BpeModelJson } from './bpe-model';
import { decoderFromJSON } from './decoders';
import { normalizerFromJSON } from './normalizers';
import { AddedToken, PipelineTokenizer } from './pipeline-tokenizer';
import { postProcessorFromJSON } from './post-processors';
import { preTokenizerFromJSON } from './pre-tokenizer-stage';
import { rolesFromConventionalNames } from './special-tokens';
import { StageJson } from './stage-json';
import { SubwordModel } from './subword-model';
import { UnigramModel, UnigramModelJson } from './unigram-model';
import { SpecialTokens, TokenizerKind } from './types';
import { Vocab } from './vocab';
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

/** The size of the embedding table the tokenizer feeds: every id must be below it. */
export interface VocabLimit {
  size: number;
  /** Where the size comes from, for messages ("…/config.json has vocab_size 66"). */
  source: string;
}

export interface LoadTokenizerOptions {
  vocabLimit?: VocabLimit;
}

interface TokenizerJson {
  added_tokens?: Array<{ id: number; content: string; special?: boolean }>;
  normalizer?: StageJson | null;
  pre_tokenizer?: StageJson | null;
  post_processor?: StageJson | null;
  decoder?: StageJson | null;
  model: BpeModelJson | WordPieceModelJson | UnigramModelJson | { type: string; vocab: Record<string, unknown> };
}

/**
 * Reads an HF tokenizer.json: ours, or a GPT-2 / BERT style one from elsewhere. Special-token
 * roles come from `config` (tokenizer_config.json) when given, else from conventional names.
 * Stages this implementation does not know are refused with an error naming them.
 */
export function loadTokenizer(json: string | object, config?: TokenizerConfigJson, options: LoadTokenizerOptions = {}): PipelineTokenizer {
  const doc: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  checkTokenizerJson(doc, options.vocabLimit);
  if (config !== undefined) checkTokenizerConfig(config);
  const model = doc.model.type === 'Unigram' ? UnigramModel.fromJSON(doc.model as UnigramModelJson) : modelFromJSON(doc.model, readVocab(doc.model.vocab as Record<string, unknown>, options.vocabLimit));
  const addedTokens: AddedToken[] = (doc.added_tokens ?? []).map((t) => ({ id: t.id, content: t.content, special: t.special === true }));
  const specialTokens = config ? rolesFromConfig(config) : rolesFromConventionalNames(addedTokens.filter((t) => t.special).map((t) => t.content));
  const preTokenizer = preTokenizerFromJSON(doc.pre_tokenizer);
  const idOf = (token: string) => addedTokens.find((t) => t.content === token)?.id ?? model.vocab.id(token);
  if (config) checkRolesExist(specialTokens, idOf);
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

function modelFromJSON(json: TokenizerJson['model'], vocab: Vocab): SubwordModel {
  if (json.type === 'BPE') return BpeModel.fromJSON(json as BpeModelJson, vocab);
  if (json.type === 'WordPiece') return WordPieceModel.fromJSON(json as WordPieceModelJson, vocab);
  throw new Error(`tokenizer.json model ${json.type} is not supported (BPE, WordPiece and Unigram are)`);
}

/** A BPE with neither merges nor pre-tokenizer splits text into characters: our char-level form. */
function kindOf(model: SubwordModel, doc: TokenizerJson): TokenizerKind {
  if (model instanceof WordPieceModel) return 'wordpiece';
  if (model instanceof UnigramModel) return 'unigram';
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

/**
 * tokenizer.json comes from a workspace or a download: its structure is checked before any
 * field is read, so a damaged file is refused saying which field is wrong instead of failing
 * deep inside with "Cannot read properties of undefined". The stages' own options are checked
 * by their readers, which refuse types they do not know.
 */
const MAX_TOKEN_ID = (1 << 24) - 1;

/** A structural fault; `inConfig` when tokenizer_config.json, not tokenizer.json, holds it. */
export class TokenizerFormatError extends Error {
  override readonly name = 'TokenizerFormatError';

  constructor(message: string, readonly inConfig = false) {
    super(message);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTokenId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_TOKEN_ID;
}

function checkTokenizerJson(doc: unknown, limit: VocabLimit | undefined): asserts doc is TokenizerJson {
  const fail = (problem: string): never => {
    throw new TokenizerFormatError(problem);
  };
  if (!isObject(doc)) return fail('it must be a JSON object');
  const { model } = doc;
  if (!isObject(model) || typeof model.type !== 'string') return fail('"model" must be an object with a "type"');
  if (model.type === 'Unigram') checkUnigramModel(model, limit, fail);
  else if (!isObject(model.vocab)) return fail('"model.vocab" must map tokens to ids');
  if (model.merges !== undefined) {
    if (!Array.isArray(model.merges)) return fail('"model.merges" must be a list');
    model.merges.forEach((merge, i) => {
      const pair = Array.isArray(merge) && merge.length === 2 && merge.every((part) => typeof part === 'string');
      if (!pair && !(typeof merge === 'string' && merge.includes(' '))) fail(`"model.merges" item ${i} must be "left right" or ["left", "right"]`);
    });
  }
  for (const field of ['unk_token', 'continuing_subword_prefix', 'end_of_word_suffix']) {
    if (model[field] !== undefined && model[field] !== null && typeof model[field] !== 'string') fail(`"model.${field}" must be a string or null`);
  }
  if (model.max_input_chars_per_word !== undefined && !Number.isInteger(model.max_input_chars_per_word)) fail('"model.max_input_chars_per_word" must be an integer');
  if (doc.added_tokens !== undefined) {
    if (!Array.isArray(doc.added_tokens)) return fail('"added_tokens" must be a list');
    doc.added_tokens.forEach((t, i) => {
      if (!isObject(t) || !isTokenId(t.id) || typeof t.content !== 'string') fail(`"added_tokens" item ${i} must have an integer "id" and a string "content"`);
      checkFitsModel(limit, `"added_tokens" item ${i}`, t.content as string, t.id as number);
    });
  }
  for (const stage of ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder']) {
    const value = doc[stage];
    if (value !== undefined && value !== null && !(isObject(value) && typeof value.type === 'string')) fail(`"${stage}" must be null or an object with a "type"`);
  }
}

/** A Unigram "model": a list of [piece, log probability], whose index is the id. */
function checkUnigramModel(model: Record<string, unknown>, limit: VocabLimit | undefined, fail: (problem: string) => never): void {
  const { vocab } = model;
  if (!Array.isArray(vocab)) return fail('"model.vocab" of a Unigram model must list [piece, score] pairs');
  if (vocab.length > MAX_TOKEN_ID + 1) return fail(`"model.vocab" has ${vocab.length} pieces; at most ${MAX_TOKEN_ID + 1} are read`);
  if (limit && vocab.length > limit.size) fail(`"model.vocab" has ${vocab.length} pieces, but ${limit.source}; use the tokenizer the model was trained with`);
  for (let i = 0; i < vocab.length; i++) {
    const entry: unknown = vocab[i];
    const ok = Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'number' && Number.isFinite(entry[1]);
    if (!ok) fail(`"model.vocab" item ${i} must be [piece, finite score]`);
  }
  if (model.unk_id !== undefined && model.unk_id !== null && !(isTokenId(model.unk_id) && model.unk_id < vocab.length)) fail(`"model.unk_id" must be the id of one of its ${vocab.length} pieces`);
  if (model.byte_fallback !== undefined && typeof model.byte_fallback !== 'boolean') fail('"model.byte_fallback" must be true or false');
}

/**
 * "model.vocab" checked and made a Vocab in one pass: a vocabulary may hold millions of entries,
 * and each pass over so large an object costs seconds (for…in, not Object.entries, so no
 * [token, id] array per entry). Its size is bounded as it goes, so the rest of a vocabulary far
 * larger than the model's is never read.
 */
function readVocab(object: Record<string, unknown>, limit: VocabLimit | undefined): Vocab {
  const vocab = new Vocab();
  let count = 0;
  for (const token in object) {
    const id = object[token];
    if (!isTokenId(id)) throw new TokenizerFormatError(`"model.vocab" gives token ${JSON.stringify(token).slice(0, 40)} the id ${JSON.stringify(id)?.slice(0, 40)}; ids must be integers from 0 to ${MAX_TOKEN_ID}`);
    checkFitsModel(limit, '"model.vocab"', token, id);
    if (limit && ++count > limit.size) throw new TokenizerFormatError(`"model.vocab" has more than ${limit.size} tokens, but ${limit.source}; use the tokenizer the model was trained with`);
    vocab.set(token, id);
  }
  return vocab;
}

/** A token id must index the model's embedding table. */
function checkFitsModel(limit: VocabLimit | undefined, where: string, token: string, id: number): void {
  if (limit && id >= limit.size) {
    throw new TokenizerFormatError(`${where} gives token ${JSON.stringify(token).slice(0, 40)} the id ${id}, but ${limit.source}, so the model has no embedding for it; use the tokenizer the model was trained with, or fix vocab_size`);
  }
}

/** tokenizer_config.json's special-token fields: a string, {"content": string} or null. */
function checkTokenizerConfig(config: unknown): asserts config is TokenizerConfigJson {
  if (!isObject(config)) throw new TokenizerFormatError('it must be a JSON object', true);
  const isToken = (value: unknown) => value === undefined || value === null || typeof value === 'string' || (isObject(value) && typeof value.content === 'string');
  for (const role of ['pad', 'unk', 'bos', 'eos', 'mask', 'cls', 'sep']) {
    if (!isToken(config[`${role}_token`])) throw new TokenizerFormatError(`"${role}_token" must be a token string, {"content": …} or null`, true);
  }
  const extra = config.additional_special_tokens;
  if (extra !== undefined && !(Array.isArray(extra) && extra.every(isToken))) {
    throw new TokenizerFormatError('"additional_special_tokens" must be a list of token strings', true);
  }
}

/** Roles named by tokenizer_config.json must be tokens of tokenizer.json: blame the config. */
function checkRolesExist(specials: SpecialTokens, idOf: (token: string) => number | undefined): void {
  for (const [role, token] of Object.entries(specials)) {
    for (const t of Array.isArray(token) ? token : [token]) {
      if (idOf(t) === undefined) throw new TokenizerFormatError(`its ${role} token ${JSON.stringify(t).slice(0, 60)} is not a token of tokenizer.json`, true);
    }
  }
}
