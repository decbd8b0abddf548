/**
 * Whole model folders, saved and loaded: config.json (+ generation_config.json), the tokenizer
 * files, model.safetensors with HF names and the family's onnx/ files (DESIGN.md §3). Loading is
 * family-aware (checkpoints saved by other HF classes are renamed by the family), so it lives
 * here, above the folder-format code of src/modelfile. Every file is written atomically, so a
 * crash leaves each file either old or new.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Weights } from '../nn/params';
import { insideFolder, modelPaths } from '../modelfile/layout';
import { writeSafetensors } from '../modelfile/safetensors';
import { readModelWeights } from '../modelfile/model-weights';
import type { Tensor } from '../modelfile/dtypes';
import { writeFileAtomic } from '../util/atomic-write';
import { readTokenizerFiles, writeTokenizerFiles } from '../tokenizer';
import type { PipelineTokenizer } from '../tokenizer';
import type { Tokenizer } from '../tokenizer/types';
import { writeConfig, generationConfigFor, writeGenerationConfig } from './config-io';
import { dimensionsOf, type ModelConfig } from './configs';
import { openModel, type ModelRef, type OpenedModel } from './open-model';
import { normalizePublishedNames } from './published-names';

export interface ModelFolderContents {
  config: ModelConfig;
  /** Weights by Hugging Face parameter name, with their HF shapes. */
  weights: ShapedWeights;
  tokenizer?: Tokenizer;
  /** ONNX files by path relative to the folder, e.g. ONNX_MODEL. */
  onnx?: Record<string, Uint8Array>;
  /** Other files by path relative to the folder (a sentence encoder's sentence-transformers files). */
  files?: Record<string, Uint8Array>;
}

export interface LoadedModelFolder extends OpenedModel {
  weights: ShapedWeights;
  tokenizer?: PipelineTokenizer;
}

export type ShapedWeights = Map<string, { shape: number[]; data: Float32Array }>;

/** The flat view the graph builders take (they know every shape from the config). */
export function flatWeights(weights: ShapedWeights): Weights {
  return new Map([...weights].map(([name, t]) => [name, t.data]));
}

export async function saveModelFolder(dir: string, contents: ModelFolderContents): Promise<void> {
  await mkdir(dir, { recursive: true });
  const paths = modelPaths(dir);
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of contents.weights) tensors.set(name, { dtype: 'F32', shape: t.shape, data: t.data });
  await writeConfig(dir, contents.config);
  const generation = generationConfigFor(contents.config);
  if (generation) await writeGenerationConfig(dir, generation);
  if (contents.tokenizer) {
    await writeTokenizerFiles(dir, contents.tokenizer, { modelMaxLength: dimensionsOf(contents.config).maxPositions ?? 512 });
  }
  for (const [relative, bytes] of Object.entries({ ...contents.onnx, ...contents.files })) {
    const target = insideFolder(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, bytes);
  }
  await writeSafetensors(paths.weights, tensors, { format: 'pt' });
}

/**
 * The folder's weights (as float32, under our names) and tokenizer; config.json is read only
 * when `ref` is a path. Weights load as the Hub publishes them: one file or shards, float16 or
 * bfloat16 widened, names of other classes mapped by the family (src/models/published-names.ts).
 */
export async function loadModelFolder(ref: ModelRef): Promise<LoadedModelFolder> {
  const model = await openModel(ref);
  const { family, paths } = model;
  const tensors = await readModelWeights(paths);
  const weights: ShapedWeights = new Map();
  // Integer and boolean tensors are buffers (position ids, masks), never parameters.
  for (const [name, t] of tensors) {
    if (t.dtype === 'F32') weights.set(name, { shape: t.shape, data: t.data });
    else if (t.dtype === 'F64') weights.set(name, { shape: t.shape, data: Float32Array.from(t.data) });
  }
  const tokenizer = existsSync(paths.tokenizer) ? await readTokenizerFiles(model.dir, { modelVocabSize: model.config.vocab_size }) : undefined;
  return { ...model, weights: normalizePublishedNames(weights, model.config, family.publishedNames), tokenizer };
}
