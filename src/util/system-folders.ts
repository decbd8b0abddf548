/**
 * Folders of the operating system itself, which are never a model's folder and never a corpus:
 * writing a run into `/` or scanning `/` as a workspace would be a mistake (and the scan alone
 * could run for hours), so both are refused up front with one line.
 */
import * as path from 'node:path';

/** Top-level system folders (Linux and macOS layouts). */
const SYSTEM_FOLDERS = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/run', '/sbin', '/sys', '/usr', '/var', '/home', '/root', '/opt', '/srv', '/mnt', '/media', '/tmp', '/System', '/Library', '/Users', '/Volumes', '/private'];

/** Trees that hold no real files (devices, kernel state), where nothing is read or created. */
const VIRTUAL_TREES = ['/dev', '/proc', '/sys'];

/** `/`, a drive root, or one of the system's own top-level folders (an absolute, resolved path). */
export function isSystemFolder(absolute: string): boolean {
  return path.parse(absolute).root === absolute || SYSTEM_FOLDERS.includes(absolute);
}

/** Inside /dev, /proc or /sys. */
export function isInVirtualTree(absolute: string): boolean {
  return VIRTUAL_TREES.some((tree) => absolute === tree || absolute.startsWith(tree + path.sep));
}
