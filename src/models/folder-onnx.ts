/**
 * A model folder's ONNX graphs for inference: its onnx/ files where it has them all, else the
 * family's export from its weights (a folder straight from pretraining, or one downloaded from
 * the Hub, which publishes safetensors without our onnx/ files).
 */
import { existsSync } from 'node:fs';
import { insideFolder } from '../modelfile/layout';
import { readModelOnnx } from '../modelfile/onnx-file';
import { flatWeights, loadModelFolder } from './model-folder';
import { openModel, type ModelRef } from './open-model';

/** The bytes of each of the family's onnxFiles, by path relative to the folder. */
export async function folderOnnx(ref: ModelRef): Promise<Record<string, Uint8Array>> {
  const model = await openModel(ref);
  const files = model.family.onnxFiles;
  if (files.every((file) => existsSync(insideFolder(model.dir, file)))) {
    return Object.fromEntries(files.map((file) => [file, readModelOnnx(model.dir, file)]));
  }
  const folder = await loadModelFolder(model);
  return model.family.exportOnnx(folder.config, flatWeights(folder.weights));
}
