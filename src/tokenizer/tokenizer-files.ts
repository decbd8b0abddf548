import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../util/errors';
import { writeFileAtomic } from '../modelfile/atomic';
import { TokenizerConfigJson, TokenizerFormatError, loadTokenizer } from './load-tokenizer';
import { PipelineTokenizer } from './pipeline-tokenizer';
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
    ...specialsMap,
    added_tokens_decoder: Object.fromEntries(doc.added_tokens.map(({ id, ...token }) => [String(id), token])),
  };
  // Atomic: a checkpoint rewrites these in a live model folder, and a crash mid-write must not
  // leave a truncated tokenizer.json that makes the model unloadable.
  await Promise.all([
    writeFileAtomic(join(dir, 'tokenizer.json'), JSON.stringify(doc, null, 2) + '\n'),
    writeFileAtomic(join(dir, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n'),
    writeFileAtomic(join(dir, 'special_tokens_map.json'), JSON.stringify(specialsMap, null, 2) + '\n'),
  ]);
}

/**
 * Loads the tokenizer of a model folder (tokenizer_config.json is optional). Any fault is an
 * InputError naming the file, so a damaged or hostile file is reported, not a crash.
 */
export async function readTokenizerFiles(dir: string): Promise<PipelineTokenizer> {
  const file = join(dir, 'tokenizer.json');
  const configFile = join(dir, 'tokenizer_config.json');
  const json = parseJsonFile(await readFile(file, 'utf8'), file);
  const configText = await readFile(configFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const config = configText === undefined ? undefined : parseJsonFile(configText, configFile);
  try {
    return loadTokenizer(json as object, config as TokenizerConfigJson | undefined);
  } catch (error) {
    const culprit = error instanceof TokenizerFormatError && error.inConfig ? configFile : file;
    throw new InputError(`${culprit}: ${(error as Error).message}; re-save the model or download the tokenizer again`);
  }
}

function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`${file}: is not valid JSON (${(error as Error).message})`);
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
  if (tokenizer.kind === 'bpe' && !tokenizer.specialTokens.sentinels) return 'GPT2Tokenizer';
  return 'PreTrainedTokenizerFast';
}

function lowercases(doc: object): boolean {
  const normalizer = (doc as { normalizer?: { lowercase?: boolean } | null }).normalizer;
  return normalizer?.lowercase === true;
}
