// Finds model folders: any folder holding a config.json, under the extension's
// bundled models/ and under the user's models folder. The walk is shallow and
// capped because the user may point the setting at a large tree.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, ONNX_DIR, TRAINING_DIR } from '../../modelfile/layout';
import { NETWORK_SUBFOLDERS, readModelSummary } from './model-summary';
import type { ModelSource, ModelSummary } from './model-types';

export interface ModelRoot {
  folder: string;
  source: ModelSource;
}

/** How deep below a root a model folder may sit (root/name or root/group/name). */
const MAX_DEPTH = 2;
/** More folders than this under one root are not read; the list would be useless anyway. */
const MAX_MODELS_PER_ROOT = 200;
const SKIPPED_DIRS = new Set(['node_modules', ONNX_DIR, TRAINING_DIR]);

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Folders below `root` (itself included) that hold a config.json, sorted by path. */
export async function findModelFolders(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (found.length >= MAX_MODELS_PER_ROOT) return;
    if (await isFile(path.join(dir, CONFIG_FILE))) {
      found.push(dir);
      // A model folder's subfolders (onnx/, training/) are its own parts, except the networks a run saved inside it (listed after it).
      for (const sub of NETWORK_SUBFOLDERS) if (await isFile(path.join(dir, sub, CONFIG_FILE))) found.push(path.join(dir, sub));
      return;
    }
    if (depth >= MAX_DEPTH) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // missing or unreadable root: no models there
    }
    const subdirs = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name))
      .map((e) => e.name)
      .sort();
    for (const name of subdirs) await visit(path.join(dir, name), depth + 1);
  };
  await visit(root, 0);
  return found;
}

/** Every model under the given roots; a folder reachable from two roots is listed once. */
export async function discoverModels(roots: readonly ModelRoot[]): Promise<ModelSummary[]> {
  const seen = new Set<string>();
  const models: ModelSummary[] = [];
  for (const root of roots) {
    for (const folder of await findModelFolders(root.folder)) {
      const key = path.resolve(folder);
      if (seen.has(key)) continue;
      seen.add(key);
      models.push(await readModelSummary(key, root.source));
    }
  }
  return models;
}
