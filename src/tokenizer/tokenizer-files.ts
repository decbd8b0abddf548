import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TokenizerConfigJson, loadTokenizer } from './load-tokenizer';
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
  await Promise.all([
    writeFile(join(dir, 'tokenizer.json'), JSON.stringify(doc, null, 2) + '\n'),
    writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n'),
    writeFile(join(dir, 'special_tokens_map.json'), JSON.stringify(specialsMap, null, 2) + '\n'),
  ]);
}

/** Loads the tokenizer of a model folder (tokenizer_config.json is optional). */
export async function readTokenizerFiles(dir: string): Promise<PipelineTokenizer> {
  const json = await readFile(join(dir, 'tokenizer.json'), 'utf8');
  const config = await readFile(join(dir, 'tokenizer_config.json'), 'utf8').then(
    (text) => JSON.parse(text) as TokenizerConfigJson,
    () => undefined,
  );
  return loadTokenizer(json, config);
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
