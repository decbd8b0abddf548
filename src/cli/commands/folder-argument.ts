// The folder a command reads (`pairs <folder>`, `search <model> <folder>`), checked once: it is
// given, exists and is a folder; a path the system cannot even look up (too long, a symlink loop,
// no permission) is one line too, never a raw errno message.
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../util/errors';
import { describeFsError } from '../../util/regular-file';

/** The absolute path of `folder`; an InputError ending in `hint` (what to give) otherwise. */
export function requireFolderArgument(folder: string | undefined, hint: string): string {
  if (!folder) throw new InputError(hint);
  let stats: Stats | undefined;
  try {
    stats = statSync(folder, { throwIfNoEntry: false });
  } catch (error) {
    throw new InputError(`${describeFsError(folder, error)}; ${hint}`);
  }
  if (!stats) throw new InputError(`folder ${folder} does not exist; ${hint}`);
  if (!stats.isDirectory()) throw new InputError(`${folder} is not a folder; ${hint}`);
  return path.resolve(folder);
}
