/**
 * A model folder is a Hugging Face model folder: config.json, tokenizer files,
 * model.safetensors with HF names, onnx/*.onnx for other runtimes, and training/ for resume.
 * Every file is written atomically, so a crash leaves each file either old or new.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Weights } from '../nn/params';
import { readConfig, writeConfig, generationConfigFor, writeGenerationConfig } from '../models/config-io';
import type { ModelConfig } from '../models/configs';
import { dimensionsOf } from '../models/configs';
import { normalizeWeightNames } from '../models/weight-names';
import { readTokenizerFiles, writeTokenizerFiles } from '../tokenizer';
import type { PipelineTokenizer } from '../tokenizer';
import type { Tokenizer } from '../tokenizer/types';
import { writeFileAtomic } from './atomic';
import { readSafetensors, writeSafetensors } from './safetensors';
import type { Tensor } from './dtypes';

export const WEIGHTS_FILE = 'model.safetensors';

export interface ModelFolderContents {
  config: ModelConfig;
  /** Weights by Hugging Face parameter name, with their HF shapes. */
  weights: ShapedWeights;
  tokenizer?: Tokenizer;
  /** ONNX files by path relative to the folder, e.g. `onnx/model.onnx`. */
  onnx?: Record<string, Uint8Array>;
}

export interface LoadedModelFolder {
  dir: string;
  config: ModelConfig;
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
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of contents.weights) tensors.set(name, { dtype: 'F32', shape: t.shape, data: t.data });
  await writeConfig(dir, contents.config);
  const generation = generationConfigFor(contents.config);
  if (generation) await writeGenerationConfig(dir, generation);
  if (contents.tokenizer) {
    await writeTokenizerFiles(dir, contents.tokenizer, { modelMaxLength: dimensionsOf(contents.config).maxPositions ?? 512 });
  }
  for (const [relative, bytes] of Object.entries(contents.onnx ?? {})) {
    const target = insideFolder(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, bytes);
  }
  await writeSafetensors(path.join(dir, WEIGHTS_FILE), tensors, { format: 'pt' });
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

export async function loadModelFolder(dir: string): Promise<LoadedModelFolder> {
  const config = await readConfig(dir);
  const { tensors } = await readSafetensors(path.join(dir, WEIGHTS_FILE), { halfToFloat32: true });
  const weights: ShapedWeights = new Map();
  for (const [name, t] of tensors) {
    if (t.dtype === 'F32') weights.set(name, { shape: t.shape, data: t.data });
    else if (t.dtype === 'F64') weights.set(name, { shape: t.shape, data: Float32Array.from(t.data) });
  }
  const tokenizer = existsSync(path.join(dir, 'tokenizer.json')) ? await readTokenizerFiles(dir) : undefined;
  return { dir, config, weights: normalizeWeightNames(config, weights), tokenizer };
}
