// Which files of a model repo make a model folder (DESIGN.md §3): the config, the tokenizer and
// its companions, generation defaults, and safetensors weights (one file, or shards with their
// index). Pickle weights (.bin, .pt, .ckpt) are never fetched: loading them can run code.
import { InputError } from '../util/errors';
import { CONFIG_FILE, GENERATION_CONFIG_FILE, SPECIAL_TOKENS_MAP_FILE, TOKENIZER_CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE, WEIGHTS_INDEX_FILE } from '../modelfile/layout';
import type { RepoFile } from './repo-files';

/** Fetched when present, beside the config and weights. */
const COMPANIONS = new Set([
  GENERATION_CONFIG_FILE,
  TOKENIZER_FILE,
  TOKENIZER_CONFIG_FILE,
  SPECIAL_TOKENS_MAP_FILE,
  'added_tokens.json',
  'vocab.json',
  'merges.txt',
  'vocab.txt',
  'spiece.model',
  'sentencepiece.bpe.model',
]);

/** `model-00001-of-00003.safetensors`, as transformers names shards. */
const SHARD = /^model-\d+-of-\d+\.safetensors$/;
const PICKLE = /\.(bin|pt|pth|ckpt|pkl)$/i;

export function selectModelFiles(repo: string, revision: string, files: readonly RepoFile[]): RepoFile[] {
  const top = files.filter((f) => !f.name.includes('/'));
  const named = (name: string) => top.find((f) => f.name === name);
  if (!named(CONFIG_FILE)) throw new InputError(`${repo}@${revision} has no ${CONFIG_FILE} at its top level, so it is not a transformers model folder`);
  const single = named(WEIGHTS_FILE);
  const index = named(WEIGHTS_INDEX_FILE);
  const shards = top.filter((f) => SHARD.test(f.name));
  const weights = single ? [single] : index && shards.length > 0 ? [index, ...shards] : [];
  if (weights.length === 0) {
    const pickles = top.filter((f) => PICKLE.test(f.name)).map((f) => f.name);
    throw new InputError(pickles.length > 0
      ? `${repo}@${revision} publishes its weights only as pickle (${pickles.slice(0, 3).join(', ')}), which Pretrain Lab never loads since unpickling can run code; pick a revision that has ${WEIGHTS_FILE} (the Hub's safetensors conversion is often a refs/pr/N revision)`
      : `${repo}@${revision} has no ${WEIGHTS_FILE} (nor sharded safetensors with ${WEIGHTS_INDEX_FILE})`);
  }
  return [named(CONFIG_FILE)!, ...top.filter((f) => COMPANIONS.has(f.name)), ...weights];
}

/** The shard files an index names: every one must be among the files fetched. */
export function shardsNamedByIndex(indexText: string): string[] {
  let json: { weight_map?: Record<string, unknown> };
  try {
    json = JSON.parse(indexText) as typeof json;
  } catch {
    throw new InputError(`${WEIGHTS_INDEX_FILE} is not JSON`);
  }
  if (!json.weight_map || typeof json.weight_map !== 'object') throw new InputError(`${WEIGHTS_INDEX_FILE} has no weight_map`);
  const names = new Set<string>();
  for (const value of Object.values(json.weight_map)) {
    if (typeof value !== 'string' || value.includes('/') || value.includes('\\') || !value.endsWith('.safetensors')) {
      throw new InputError(`${WEIGHTS_INDEX_FILE} maps a tensor to "${String(value).slice(0, 80)}", which is not a safetensors file beside it`);
    }
    names.add(value);
  }
  return [...names];
}
