/**
 * A model folder opened for one request: its paths, its config.json (read once) and its family
 * (decided once). Requests pass this object down instead of the folder's path, so no layer
 * below reads config.json again or tests `model_type` for itself.
 */
import { modelPaths, type ModelPaths } from '../modelfile/layout';
import { readConfig } from './config-io';
import type { ModelConfig } from './configs';
import type { FamilySpec } from './family';
import { familyOf } from './registry';

export interface OpenedModel {
  dir: string;
  paths: ModelPaths;
  config: ModelConfig;
  family: FamilySpec;
}

/** Reads `dir`'s config.json (InputError when the folder or its config is missing or invalid). */
export async function openModelFolder(dir: string): Promise<OpenedModel> {
  const config = await readConfig(dir);
  return { dir, paths: modelPaths(dir), config, family: familyOf(config) };
}

/** A folder path or an already opened folder: callers that hold one pass it, so config.json is read once. */
export type ModelRef = string | OpenedModel;

export function openModel(ref: ModelRef): Promise<OpenedModel> {
  return typeof ref === 'string' ? openModelFolder(ref) : Promise.resolve(ref);
}
