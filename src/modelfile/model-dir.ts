/** Checking that a path given as a model folder is a folder, so that a file given by mistake gets one clear line. */
import { statSync } from 'node:fs';
import { InputError } from '../util/errors';
import { describeFileKind, describeFsError } from '../util/regular-file';

/** Throws an InputError unless `dir` is a folder (symbolic links followed). */
export function checkModelFolder(dir: string): void {
  let stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    throw new InputError(`model folder ${describeFsError(dir, error)}`);
  }
  if (!stats.isDirectory()) {
    const kind = stats.isFile() ? 'a file' : describeFileKind(stats);
    throw new InputError(`${dir} is ${kind}, not a model folder; give the folder that holds config.json`);
  }
}
