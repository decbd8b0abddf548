// Which files of a workspace a pretraining corpus reads: the user's `pretrainLab.corpus.*`
// globs plus the editor's own `files.exclude` and `search.exclude` (what the user hid from the
// Explorer or search is not something they expect to train on). Free of vscode: unit-tested.
import type { ScanOptions } from '../../data/corpus-types';

/** A `files.exclude`-style setting: glob → true/false, or `{ when: "$(basename).ts" }`. */
export type ExcludeSetting = Record<string, unknown>;

export interface CorpusSettings {
  include: readonly string[];
  exclude: readonly string[];
  filesExclude: ExcludeSetting;
  searchExclude: ExcludeSetting;
}

/** The globs switched on in an exclude setting. Sibling conditions (`when`) are left out: they
 *  hide generated files only next to their source, which a glob cannot say, and excluding them
 *  everywhere would drop real files. */
export function enabledGlobs(setting: ExcludeSetting): string[] {
  return Object.entries(setting).filter(([, on]) => on === true).map(([glob]) => glob);
}

/** Editor globs may be written relative to any folder (`node_modules`); the scanner matches
 *  paths from the root, so a bare pattern is widened the way the editor reads it. */
function anchored(glob: string): string {
  return glob.startsWith('**/') || glob.startsWith('/') ? glob.replace(/^\//, '') : `**/${glob}`;
}

export function corpusScanOptions(settings: CorpusSettings, signal?: AbortSignal): ScanOptions {
  const exclude = [...settings.exclude, ...enabledGlobs(settings.filesExclude), ...enabledGlobs(settings.searchExclude)];
  const strings = (list: readonly unknown[]) => list.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  // "**/*" is the default include: passing it would only slow the scan down.
  const include = strings(settings.include).filter((g) => g !== '**/*' && g !== '**');
  return {
    include,
    exclude: [...new Set(strings(exclude).map(anchored))],
    ...(signal ? { signal } : {}),
  };
}
