/**
 * The one check of a training run's output folder (`--out` of pretrain, finetune and demo), done
 * before anything is written or locked: a system folder, a file or device, a folder holding
 * someone else's files, or a place that cannot be written is refused with one line naming the
 * path and what to do, instead of an errno about the hidden lock file half-way through a run.
 */
import { accessSync, constants, readdirSync, statSync, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../util/errors';
import { describeFileKind } from '../../util/regular-file';
import { isInVirtualTree, isSystemFolder } from '../../util/system-folders';
import { CONFIG_FILE, CORPUS_SUMMARY_FILE, TOKEN_CACHE_DIR, TRAINING_DIR } from '../../modelfile/layout';

/** Folders of the system itself: never a model folder, nor the parent of a new one. */

/** Marks a folder that `pretrain-lab demo` made (and may replace). */
export const DEMO_MARKER = '.pretrain-lab-demo';
/** Entries a model folder of ours may hold before its first checkpoint (the token cache, the demo's mark, the extension's corpus summary) or after it. */
const MODEL_ENTRIES = [CONFIG_FILE, TRAINING_DIR, TOKEN_CACHE_DIR, DEMO_MARKER, CORPUS_SUMMARY_FILE];

export interface OutputFolderOptions {
  /** The flag named in messages (default --out). */
  flag?: string;
  /**
   * Skip the refusal of a folder holding files that are not a model's: a resume (which then
   * finds no checkpoint and says so), or a caller with its own rule (the demo's).
   */
  acceptForeignFiles?: boolean;
}

/** Throws an InputError when `folder` cannot or must not become (or stay) a model folder. */
export function checkOutputFolder(folder: string, options: OutputFolderOptions = {}): void {
  const flag = options.flag ?? '--out';
  const out = path.resolve(folder);
  const refuse = (problem: string): never => {
    throw new InputError(`${flag} ${out} ${problem}`);
  };
  if (isSharedFolder(out)) refuse('is a system folder; give a new folder of its own, e.g. ./models/my-model');
  if (isInVirtualTree(out)) refuse('is inside a system tree that holds no real files; give a folder on a disk, e.g. ./models/my-model');

  const stats = statOrUndefined(out);
  if (stats && !stats.isDirectory()) refuse(`is ${describeKind(stats)}, not a folder; give a folder path for the model`);
  if (stats) {
    const entries = listOrRefuse(out, refuse);
    const ours = entries.some((name) => MODEL_ENTRIES.includes(name) || name.startsWith(`${TRAINING_DIR}.`));
    if (!options.acceptForeignFiles && entries.length > 0 && !ours) refuse(`is a folder with other files in it (${entries.length} entries) that is not a model folder; give a new or empty folder`);
  }
  // The folder, or the lock beside it, is created in the nearest folder that exists.
  const parent = nearestExisting(path.dirname(out));
  if (!parent.stats.isDirectory()) refuse(`is inside ${parent.path}, which is ${describeKind(parent.stats)}, not a folder; give a folder path for the model`);
  for (const place of stats ? [out, parent.path] : [parent.path]) {
    try {
      accessSync(place, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EROFS' ? 'is on a read-only file system' : 'cannot be written by this user';
      refuse(`cannot be written: ${place === out ? 'it' : place} ${why}; give a folder you can write to`);
    }
  }
}

/** A system folder, or the user's home, its parent or the temp folder: no place for one model's files. */
function isSharedFolder(out: string): boolean {
  const home = os.homedir();
  return isSystemFolder(out) || out === home || out === path.dirname(home) || out === path.resolve(os.tmpdir());
}

function describeKind(stats: Stats): string {
  return stats.isFile() ? 'a file' : describeFileKind(stats);
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing, or under a file: the caller finds the nearest part that exists and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    const what = code === 'ELOOP' ? 'goes through a loop of symbolic links' : code === 'ENAMETOOLONG' ? 'is too long a path' : `cannot be looked up (${code ?? 'unknown error'})`;
    throw new InputError(`the path ${file} ${what}; give a plain folder path for the model`);
  }
}

function listOrRefuse(folder: string, refuse: (problem: string) => never): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return refuse('cannot be listed by this user; give a folder you can read and write');
  }
}

function nearestExisting(start: string): { path: string; stats: Stats } {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const stats = statOrUndefined(dir);
    if (stats) return { path: dir, stats };
    if (path.dirname(dir) === dir) throw new InputError(`--out ${start}: no part of the path exists`);
  }
}
