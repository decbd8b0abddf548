/**
 * The names of the files in a model folder (a Hugging Face folder, DESIGN.md §3), in one place:
 * every reader and writer of a model folder takes its paths from here, never from a literal.
 */
import path from 'node:path';

/** The HF config: `model_type` and the architecture's fields. */
export const CONFIG_FILE = 'config.json';
/** Generation defaults of generative models. */
export const GENERATION_CONFIG_FILE = 'generation_config.json';
/** The tokenizer (HF tokenizers schema) and the two files transformers reads beside it. */
export const TOKENIZER_FILE = 'tokenizer.json';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';
export const SPECIAL_TOKENS_MAP_FILE = 'special_tokens_map.json';
/** Weights with HF parameter names. */
export const WEIGHTS_FILE = 'model.safetensors';
/** Sharded weights (larger checkpoints on the Hub): this index maps each tensor name to its shard file. */
export const WEIGHTS_INDEX_FILE = 'model.safetensors.index.json';
/** ONNX graphs, relative to the folder: one graph for encoders and decoders, two for encoder-decoders. */
export const ONNX_DIR = 'onnx';
export const ONNX_MODEL = 'onnx/model.onnx';
export const ONNX_ENCODER = 'onnx/encoder_model.onnx';
export const ONNX_DECODER_MERGED = 'onnx/decoder_model_merged.onnx';
/** What a resumed run needs; its files are TRAINING_FILES, relative to this folder. */
export const TRAINING_DIR = 'training';
export const TRAINING_FILES = {
  weights: WEIGHTS_FILE,
  optimizer: 'optimizer.safetensors',
  state: 'state.json',
  hyperparams: 'hyperparams.json',
  metrics: 'metrics.jsonl',
  /** Tensors the step carries besides parameters and moments (a contrastive run's queue and momentum encoder); only runs that have them. */
  carried: 'carried.safetensors',
} as const;
/** The tokenized corpus of a pretraining run, kept beside the model so a resume skips tokenizing. */
export const TOKEN_CACHE_DIR = '.token-cache';
/** What the extension's corpus scan kept and skipped, written beside a run it starts (the dashboard shows it). */
export const CORPUS_SUMMARY_FILE = 'corpus_summary.json';

/** Absolute paths of a model folder's files. */
export interface ModelPaths {
  dir: string;
  config: string;
  generationConfig: string;
  tokenizer: string;
  tokenizerConfig: string;
  specialTokensMap: string;
  weights: string;
  weightsIndex: string;
  onnxModel: string;
  onnxEncoder: string;
  onnxDecoderMerged: string;
  trainingDir: string;
  tokenCacheDir: string;
  /** training/<name> for each of TRAINING_FILES. */
  training: { [K in keyof typeof TRAINING_FILES]: string };
}

export function modelPaths(dir: string): ModelPaths {
  const root = path.resolve(dir);
  const at = (relative: string) => path.join(root, relative);
  const trainingDir = at(TRAINING_DIR);
  const training = Object.fromEntries(Object.entries(TRAINING_FILES).map(([k, name]) => [k, path.join(trainingDir, name)])) as ModelPaths['training'];
  return {
    dir: root,
    config: at(CONFIG_FILE),
    generationConfig: at(GENERATION_CONFIG_FILE),
    tokenizer: at(TOKENIZER_FILE),
    tokenizerConfig: at(TOKENIZER_CONFIG_FILE),
    specialTokensMap: at(SPECIAL_TOKENS_MAP_FILE),
    weights: at(WEIGHTS_FILE),
    weightsIndex: at(WEIGHTS_INDEX_FILE),
    onnxModel: at(ONNX_MODEL),
    onnxEncoder: at(ONNX_ENCODER),
    onnxDecoderMerged: at(ONNX_DECODER_MERGED),
    trainingDir,
    tokenCacheDir: at(TOKEN_CACHE_DIR),
    training,
  };
}

/** Resolves a relative path and refuses one that would leave the model folder. */
export function insideFolder(dir: string, relative: string): string {
  const root = path.resolve(dir);
  const target = path.resolve(root, relative);
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw new Error(`the path '${relative}' leaves the model folder ${dir}`);
  }
  return target;
}
