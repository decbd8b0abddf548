/** A small tmpfs to fill up, for the disk-full tests: mount it (root only), fill it until ENOSPC, unmount it. */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';

/** Creates `mountPoint` and mounts a tmpfs of `size` (e.g. '1m') there; false where mounting is not allowed (not root). */
export function mountSmallDisk(mountPoint: string, size: string): boolean {
  mkdirSync(mountPoint);
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint]).status === 0;
}

export function unmountSmallDisk(mountPoint: string): void {
  spawnSync('umount', [mountPoint]);
}

/** Writes zeros until the file system refuses: ENOSPC. */
export function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}
