/**
 * Which encoder an index's vectors come from: the model folder's real path and a fingerprint of
 * its config and weights files (name, size, modification time). Retraining into the same folder
 * changes the fingerprint, so the index re-embeds everything instead of mixing two models' vectors.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, ONNX_MODEL, WEIGHTS_FILE, WEIGHTS_INDEX_FILE } from '../modelfile/layout';
import { canonicalFolder } from '../util/folder-lock';
import type { ModelIdentity } from './index-types';

/** The files whose change means new vectors; a missing one counts as "absent". */
const IDENTITY_FILES = [CONFIG_FILE, WEIGHTS_FILE, WEIGHTS_INDEX_FILE, ONNX_MODEL];

/** Those files and, for a folder of sharded weights as the Hub publishes them, every shard. */
function identityFiles(folder: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    // An unreadable folder fingerprints as its fixed files, each "absent": opening the model says why.
  }
  const shards = names.filter((n) => n.endsWith('.safetensors') && n !== WEIGHTS_FILE).sort();
  return [...IDENTITY_FILES, ...shards];
}

export function modelIdentity(modelDir: string): ModelIdentity {
  const folder = canonicalFolder(modelDir);
  const hash = createHash('sha256');
  for (const name of identityFiles(folder)) {
    const stats = statSync(path.join(folder, name), { throwIfNoEntry: false });
    hash.update(`${name}:${stats ? `${stats.size}:${stats.mtimeMs}` : 'absent'}\n`);
  }
  return { path: folder, fingerprint: hash.digest('hex') };
}

export function sameModel(a: ModelIdentity | null, b: ModelIdentity | null): boolean {
  return a === b || (a !== null && b !== null && a.path === b.path && a.fingerprint === b.fingerprint);
}
