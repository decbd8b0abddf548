/**
 * Reading and writing `config.json` and `generation_config.json` in a model folder. Writes are
 * atomic and validated first, so a folder never holds a config we would refuse to read.
 * Keys are written sorted with two-space indentation, as transformers' save_pretrained does.
 */
import { join } from 'node:path';
import { InputError } from '../util/errors';
import { writeFileAtomic } from '../util/atomic-write';
import { JSON_FILE_LIMITS, readOptionalJsonFile } from '../modelfile/json-file';
import { CONFIG_FILE, GENERATION_CONFIG_FILE } from '../modelfile/layout';
import { checkModelFolder } from '../modelfile/model-dir';
import { parseConfig } from './config-validate';
import { ModelConfig } from './configs';

/** transformers' GenerationConfig fields that our generate command uses. */
export interface GenerationConfig {
  bos_token_id?: number;
  eos_token_id?: number;
  pad_token_id?: number;
  decoder_start_token_id?: number;
  max_length?: number;
  max_new_tokens?: number;
  do_sample?: boolean;
  temperature?: number;
  top_k?: number;
  top_p?: number;
  repetition_penalty?: number;
  /** Marks a generation config derived from config.json, as transformers marks it. */
  _from_model_config?: boolean;
}

export async function readConfig(dir: string): Promise<ModelConfig> {
  checkModelFolder(dir);
  const path = join(dir, CONFIG_FILE);
  const json = readOptionalJsonFile(path, JSON_FILE_LIMITS.config);
  if (json === undefined) throw new InputError(`${dir} is not a model folder: it has no ${CONFIG_FILE}`);
  return parseConfig(json, path);
}

export async function writeConfig(dir: string, config: ModelConfig): Promise<void> {
  const path = join(dir, CONFIG_FILE);
  // Validate what will be written, not what the caller thinks it holds.
  parseConfig(JSON.parse(JSON.stringify(config)), path);
  await writeFileAtomic(path, toHfJson(config));
}

/**
 * The generation config transformers derives from a model config (token ids only), or
 * undefined for a model that does not generate (BERT).
 */
export function generationConfigFor(config: ModelConfig): GenerationConfig | undefined {
  if (config.model_type === 'bert' || config.model_type === 'roberta' || config.model_type === 'nezha' || config.model_type === 'albert' || config.model_type === 'electra') return undefined;
  const ids: GenerationConfig = { _from_model_config: true };
  if (config.bos_token_id !== null) ids.bos_token_id = config.bos_token_id;
  if (config.eos_token_id !== null) ids.eos_token_id = config.eos_token_id;
  if (config.pad_token_id !== null) ids.pad_token_id = config.pad_token_id;
  if (config.model_type === 't5' && config.decoder_start_token_id !== null) {
    ids.decoder_start_token_id = config.decoder_start_token_id;
  }
  return ids;
}

export async function writeGenerationConfig(dir: string, generation: GenerationConfig): Promise<void> {
  await writeFileAtomic(join(dir, GENERATION_CONFIG_FILE), toHfJson(generation));
}

export async function readGenerationConfig(dir: string): Promise<GenerationConfig | undefined> {
  const path = join(dir, GENERATION_CONFIG_FILE);
  const json = readOptionalJsonFile(path, JSON_FILE_LIMITS.config);
  if (json === undefined) return undefined;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(`${path}: must be a JSON object`);
  }
  return json as GenerationConfig;
}

/**
 * Fields that transformers v5 declares as `float` only: its strict config classes reject an
 * integer there (`"initializer_factor": 1` fails to load), so integral values get a ".0".
 */
const FLOAT_ONLY_FIELDS = new Set(['initializer_range', 'initializer_factor', 'layer_norm_epsilon', 'layer_norm_eps']);

/** JSON as save_pretrained writes it: keys sorted, two-space indentation, trailing newline. */
function toHfJson(value: object): string {
  return formatJson(value, '', undefined) + '\n';
}

function formatJson(value: unknown, indent: string, key: string | undefined): string {
  if (typeof value === 'number' && Number.isInteger(value) && key !== undefined && FLOAT_ONLY_FIELDS.has(key)) {
    return `${value}.0`;
  }
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + formatJson(item, inner, undefined)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, item]) => `${inner}${JSON.stringify(k)}: ${formatJson(item, inner, k)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
