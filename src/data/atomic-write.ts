/**
 * Writes that a crash cannot leave half-done: the bytes go to a temporary file beside the
 * target, are flushed to disk, and only then renamed over it (rename is atomic on one file system).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

/** Suffix of temporary files, so that a later run can recognise and delete leftovers. */
export const TEMP_MARKER = '.tmp-';

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${target}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await fs.open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
