/**
 * A model folder's weights file(s) as the Hub publishes them: one model.safetensors, or shards
 * that model.safetensors.index.json lists (`{"weight_map": {tensor name: shard file}}`), with
 * float16 and bfloat16 tensors widened to float32 as they are read.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors';
import type { Tensor } from './dtypes';
import { readJsonFile } from './json-file';
import { insideFolder, WEIGHTS_FILE, WEIGHTS_INDEX_FILE, type ModelPaths } from './layout';
import { readSafetensors, readSafetensorsHeader } from './safetensors-reader';
import type { TensorEntry } from './safetensors-header';

/** The index lists one entry per tensor: tens of thousands at most for the largest checkpoints. */
const INDEX_LIMITS = { maxBytes: 64 * 1024 * 1024 };

/** Every tensor of the folder's weights, by name (F16/BF16 as F32; other dtypes as stored). */
export async function readModelWeights(paths: Pick<ModelPaths, 'dir' | 'weights' | 'weightsIndex'>): Promise<Map<string, Tensor>> {
  if (existsSync(paths.weights) || !existsSync(paths.weightsIndex)) {
    return (await readSafetensors(paths.weights, { halfToFloat32: true })).tensors;
  }
  const tensors = new Map<string, Tensor>();
  for (const [file, names] of shardsOf(paths)) {
    const shardPath = insideFolder(paths.dir, file);
    if (!existsSync(shardPath)) {
      throw new InputError(`${paths.weightsIndex} lists the shard ${file}, which is not in ${paths.dir}; download the missing shard`);
    }
    const shard = (await readSafetensors(shardPath, { halfToFloat32: true })).tensors;
    for (const name of names) {
      const tensor = shard.get(name);
      if (!tensor) throw new InputError(`${paths.weightsIndex} puts tensor '${name}' in ${file}, which does not hold it; the shards and the index disagree (download them again)`);
      tensors.set(name, tensor);
    }
  }
  return tensors;
}

/** Every tensor's header entry (name, dtype, shape, byte span) over the file or its shards, without reading weights; undefined when the folder has neither. */
export async function readModelWeightsEntries(paths: Pick<ModelPaths, 'dir' | 'weights' | 'weightsIndex'>): Promise<TensorEntry[] | undefined> {
  if (existsSync(paths.weights)) return (await readSafetensorsHeader(paths.weights)).entries;
  if (!existsSync(paths.weightsIndex)) return undefined;
  const entries: TensorEntry[] = [];
  for (const file of shardsOf(paths).keys()) entries.push(...(await readSafetensorsHeader(insideFolder(paths.dir, file))).entries);
  return entries;
}

/** The index's shard files, each with the tensor names it holds, in the order first listed. */
function shardsOf(paths: Pick<ModelPaths, 'dir' | 'weightsIndex'>): Map<string, string[]> {
  const index = readJsonFile(paths.weightsIndex, INDEX_LIMITS) as { weight_map?: unknown } | null;
  const map = typeof index === 'object' && index !== null && !Array.isArray(index) ? index.weight_map : undefined;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new InputError(`${paths.weightsIndex} has no "weight_map" object (tensor name → shard file); it is not a safetensors index`);
  }
  const shards = new Map<string, string[]>();
  for (const [name, file] of Object.entries(map as Record<string, unknown>)) {
    // A shard is a file beside the index: a path that names a folder or leaves it is refused.
    if (typeof file !== 'string' || !file.endsWith('.safetensors') || file !== path.basename(file) || file === WEIGHTS_INDEX_FILE) {
      throw new InputError(`${paths.weightsIndex}: tensor '${name}' maps to ${JSON.stringify(file)}, not a .safetensors file name beside the index`);
    }
    const names = shards.get(file) ?? [];
    if (names.length === 0) shards.set(file, names);
    names.push(name);
  }
  if (shards.size === 0) throw new InputError(`${paths.weightsIndex} lists no tensors; download ${WEIGHTS_FILE} or the shards again`);
  return shards;
}
