/**
 * Writing a new folder all at once: the content is built in a staging sibling and renamed into
 * place only when complete, so a failure at any moment leaves nothing at the target (the staging
 * folder is removed, and a crash's leftover is recognised by its name, util/atomic-write.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors';
import { FileWriteError, replaceDirectoryAtomic } from '../util/atomic-write';
import { checkOutputFolder } from '../train/checkpoint/output-folder';

/**
 * Refuses a target that exists with anything in it (a bundle or model folder is never merged
 * into), and one the shared output-folder check refuses (system folders, read-only places).
 */
export function checkFreshFolder(target: string, flag: string): void {
  checkOutputFolder(target, { flag, acceptForeignFiles: true });
  let entries: string[];
  try {
    if (!statSync(target).isDirectory()) throw new InputError(`${flag} ${target} is a file; give a new folder`);
    entries = readdirSync(target);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new InputError(`${flag} ${target} cannot be read (${(error as NodeJS.ErrnoException).code}); give a new folder`);
  }
  if (entries.length > 0) throw new InputError(`${flag} ${target} already exists and is not empty; give a new folder`);
}

/** Fills `target` (absent or empty) through `fill` on a staging folder, then moves it into place. */
export async function writeFreshFolder(target: string, fill: (staging: string) => Promise<void>): Promise<void> {
  try {
    await mkdir(path.dirname(path.resolve(target)), { recursive: true });
    await replaceDirectoryAtomic(path.resolve(target), fill);
  } catch (error) {
    // The swap names the folder it did not write; bad input found while filling it stays the user's one line.
    if (error instanceof FileWriteError && error.cause instanceof InputError) throw error.cause;
    throw error;
  }
}
