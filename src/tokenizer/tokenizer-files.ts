/** Writing and reading the tokenizer files of a model folder (tokenizer.json, tokenizer_config.json, special_tokens_map.json). */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../util/errors';
import { openRegularFile, readExactly } from '../util/regular-file';
import { formatBytes } from '../util/format';
import { writeFileAtomic } from '../util/atomic-write';
import { JSON_FILE_LIMITS, parseJsonText, readOptionalJsonFile } from '../modelfile/json-file';
import { CONFIG_FILE, SPECIAL_TOKENS_MAP_FILE, TOKENIZER_CONFIG_FILE, TOKENIZER_FILE } from '../modelfile/layout';
import { TokenizerConfigJson, TokenizerFormatError, VocabLimit, loadTokenizer } from './load-tokenizer';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { XLM_MASK_TOKEN } from './special-tokens';
import { SpecialTokens, Tokenizer } from './types';

export interface TokenizerFilesOptions {
  /** The longest input the model accepts, in tokens (its context length). */
  modelMaxLength: number;
  /** transformers' class name; by default BertTokenizer for WordPiece, GPT2Tokenizer for GPT-2
   *  style BPE, PreTrainedTokenizerFast otherwise (T5 sentinels, characters). */
  tokenizerClass?: string;
}

const ROLE_FIELDS = ['bos', 'eos', 'unk', 'sep', 'pad', 'cls', 'mask'] as const;

/**
 * Writes tokenizer.json, tokenizer_config.json and special_tokens_map.json into `dir`, the
 * files `transformers` (Python) and `@huggingface/transformers` load a tokenizer from.
 */
export async function writeTokenizerFiles(dir: string, tokenizer: Tokenizer, options: TokenizerFilesOptions): Promise<void> {
  await mkdir(dir, { recursive: true });
  const doc = tokenizer.toJSON() as { added_tokens: Array<{ id: number; content: string }> };
  const specialsMap = specialTokensMap(tokenizer.specialTokens);
  const config = {
    tokenizer_class: options.tokenizerClass ?? defaultTokenizerClass(tokenizer),
    model_max_length: options.modelMaxLength,
    padding_side: 'right',
    // BERT's decoder joins pieces with spaces and tidies punctuation; byte-level text is exact.
    clean_up_tokenization_spaces: tokenizer.kind === 'wordpiece',
    ...(tokenizer.kind === 'wordpiece' ? { do_lower_case: lowercases(doc) } : {}),
    ...(tokenizer.kind === 'bpe' ? { add_prefix_space: false } : {}),
    ...(defaultTokenizerClass(tokenizer) === 'RobertaTokenizer' ? { errors: 'replace', trim_offsets: true } : {}),
    // XLM reads token_type_ids as words (HF adds their word embeddings) and our XLM graphs take none: Python's tokenizer must not return them.
    ...(tokenizer.specialTokens.mask === XLM_MASK_TOKEN ? { model_input_names: ['input_ids', 'attention_mask'] } : {}),
    ...specialsMap,
    added_tokens_decoder: Object.fromEntries(doc.added_tokens.map(({ id, ...token }) => [String(id), token])),
  };
  // Atomic: a checkpoint rewrites these in a live model folder, and a crash mid-write must not
  // leave a truncated tokenizer.json that makes the model unloadable.
  await Promise.all([
    writeFileAtomic(join(dir, TOKENIZER_FILE), JSON.stringify(doc, null, 2) + '\n'),
    writeFileAtomic(join(dir, TOKENIZER_CONFIG_FILE), JSON.stringify(config, null, 2) + '\n'),
    writeFileAtomic(join(dir, SPECIAL_TOKENS_MAP_FILE), JSON.stringify(specialsMap, null, 2) + '\n'),
  ]);
}

export interface ReadTokenizerOptions {
  /**
   * The model's vocab_size, when the caller has read config.json already (an opened model
   * folder): then config.json is not read again here.
   */
  modelVocabSize?: number;
}

/**
 * Loads the tokenizer of a model folder (tokenizer_config.json is optional). Any fault is an
 * InputError naming the file, so a damaged or hostile file is reported, not a crash. When the
 * folder has a config.json, the tokenizer must fit its vocab_size: an id past the embedding
 * table would fail deep inside a Gather at the first prompt, and a tokenizer.json far larger
 * than the model's vocabulary is refused before it is parsed.
 */
export async function readTokenizerFiles(dir: string, options: ReadTokenizerOptions = {}): Promise<PipelineTokenizer> {
  const file = join(dir, TOKENIZER_FILE);
  const configFile = join(dir, TOKENIZER_CONFIG_FILE);
  const vocabLimit = options.modelVocabSize !== undefined ? vocabLimitOf(options.modelVocabSize, join(dir, CONFIG_FILE)) : modelVocabLimit(dir);
  const json = parseJsonText(readTokenizerText(file, vocabLimit), file);
  const config = readOptionalJsonFile(configFile, JSON_FILE_LIMITS.tokenizerConfig);
  try {
    return loadTokenizer(json as object, config as TokenizerConfigJson | undefined, { vocabLimit });
  } catch (error) {
    const culprit = error instanceof TokenizerFormatError && error.inConfig ? configFile : file;
    throw new InputError(`${culprit}: ${(error as Error).message}; re-save the model or download the tokenizer again`);
  }
}

/** Bytes of tokenizer.json per token of the model's vocabulary that no real tokenizer needs more of (the Hub's use ~30-150). */
const TOKENIZER_BYTES_PER_TOKEN = 4096;
/** A tokenizer.json of this size is always accepted (special tokens and options take room too). */
const TOKENIZER_BYTES_FLOOR = 64 * 1024 * 1024;

/** vocab_size of the folder's config.json, when it has one that says it; its other faults are readConfig's to report. */
function modelVocabLimit(dir: string): VocabLimit | undefined {
  const file = join(dir, CONFIG_FILE);
  const config = readOptionalJsonFile(file, JSON_FILE_LIMITS.config) as { vocab_size?: unknown } | undefined;
  return vocabLimitOf(config?.vocab_size, file);
}

function vocabLimitOf(size: unknown, configFile: string): VocabLimit | undefined {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) return undefined;
  return { size, source: `${configFile} has vocab_size ${size}` };
}

/** tokenizer.json's text, refused unread when it is larger than the model's vocabulary can need. */
function readTokenizerText(file: string, vocabLimit: VocabLimit | undefined): string {
  const handle = openRegularFile(file, JSON_FILE_LIMITS.tokenizer);
  try {
    const budget = vocabLimit ? Math.max(TOKENIZER_BYTES_FLOOR, vocabLimit.size * TOKENIZER_BYTES_PER_TOKEN) : Infinity;
    if (handle.size > budget) {
      throw new InputError(
        `${file} is ${formatBytes(handle.size)}, more than a tokenizer can need for the model's vocabulary (${vocabLimit!.source}; at most ${formatBytes(budget)}); use the tokenizer the model was trained with`,
      );
    }
    return readExactly(handle, file, 0, handle.size).toString('utf8');
  } finally {
    handle.close();
  }
}

function specialTokensMap(specials: SpecialTokens): Record<string, string | string[]> {
  const map: Record<string, string | string[]> = {};
  for (const role of ROLE_FIELDS) {
    const token = specials[role];
    if (token !== undefined) map[`${role}_token`] = token;
  }
  if (specials.sentinels && specials.sentinels.length > 0) map.additional_special_tokens = specials.sentinels;
  return map;
}

function defaultTokenizerClass(tokenizer: Tokenizer): string {
  if (tokenizer.kind === 'wordpiece') return 'BertTokenizer';
  if (tokenizer.kind === 'bpe' && tokenizer.specialTokens.mask === '<mask>' && tokenizer.specialTokens.cls === '<s>') return 'RobertaTokenizer';
  // A mask token (XLM's <special1>) or sentinels make it no GPT-2 tokenizer.
  if (tokenizer.kind === 'bpe' && !tokenizer.specialTokens.sentinels && tokenizer.specialTokens.mask === undefined) return 'GPT2Tokenizer';
  return 'PreTrainedTokenizerFast';
}

function lowercases(doc: object): boolean {
  const normalizer = (doc as { normalizer?: { lowercase?: boolean } | null }).normalizer;
  return normalizer?.lowercase === true;
}
