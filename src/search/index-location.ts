/**
 * Where an index lives when nobody says: the user's cache folder, outside the searched workspace
 * (an index must never appear among the user's files, nor in their version control), one folder
 * per (workspace, model) pair — `<cache>/pretrain-lab/search-index/<folder name>-<hash>`, where
 * <cache> is $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS and %LOCALAPPDATA%
 * on Windows. The CLI's --index-dir and the extension's storage folder override it.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { canonicalFolder } from '../util/folder-lock';

export function userCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches');
  return env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
}

/** The default index folder of `root` searched with `modelDir` (undefined: BM25 only). */
export function defaultIndexDir(root: string, modelDir: string | undefined, cacheFolder = userCacheFolder()): string {
  const realRoot = canonicalFolder(root);
  const key = createHash('sha256').update(`${realRoot}\0${modelDir ? canonicalFolder(modelDir) : '-'}`).digest('hex').slice(0, 16);
  const name = path.basename(realRoot).replace(/[^\w.-]/g, '_') || 'root';
  return path.join(cacheFolder, 'pretrain-lab', 'search-index', `${name}-${key}`);
}
