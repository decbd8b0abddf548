/**
 * Shapes shared by the corpus scanner, its summary and the token cache.
 * A scan turns a folder (or one file) into the text files worth training on, and records
 * every file or folder it left out with a reason the UI and CLI can show.
 */

/** One text file kept for training. */
export interface CorpusFile {
  /** Absolute path on disk. */
  path: string;
  /** Path relative to the scanned root, with `/` separators on every platform. */
  relativePath: string;
  /** Size in bytes. */
  bytes: number;
  /** VS Code language id guessed from the file name (`plaintext` when unknown). */
  language: string;
  /** SHA-256 of the raw bytes, hex; the token cache re-encodes a file only when this changes. */
  contentHash: string;
}

/** Why a file or folder was left out. */
export type SkipReason =
  | 'always-skipped'
  | 'gitignored'
  | 'excluded'
  | 'not-included'
  | 'lock-file'
  | 'too-large'
  | 'empty'
  | 'binary'
  | 'invalid-utf8'
  | 'minified'
  | 'duplicate'
  | 'symlink-loop'
  | 'too-deep'
  | 'special-file'
  | 'run-output'
  | 'unreadable';

/** One line per reason, for people reading a scan summary. */
export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  'always-skipped': 'version-control or dependency folder',
  gitignored: 'ignored by a .gitignore',
  excluded: 'matches an exclude pattern',
  'not-included': 'matches no include pattern',
  'lock-file': 'package-manager lock file',
  'too-large': 'larger than the size cap',
  empty: 'empty file',
  binary: 'binary file (contains NUL bytes)',
  'invalid-utf8': 'not valid UTF-8 text (nor UTF-16 with a byte-order mark)',
  minified: 'minified or generated (very long lines)',
  duplicate: 'identical to a file already kept',
  'symlink-loop': 'symbolic link back into a folder being scanned',
  'too-deep': 'folder nested too deep',
  'special-file': 'not a regular file (named pipe, device or socket)',
  'run-output': "the training run's own output (model folder, lock file, token cache)",
  unreadable: 'could not be read',
};

export interface CorpusSkip {
  path: string;
  relativePath: string;
  /** True when a whole folder was skipped (its contents are not listed one by one). */
  isDirectory: boolean;
  reason: SkipReason;
  /** Specific detail, e.g. the .gitignore rule or the size; `SKIP_REASON_TEXT` has the general text. */
  detail: string;
}

/** What the scanner streams out, in a stable (sorted, depth-first) order. A warning is one line
 *  about something that changes the scan without being a file's skip (a `.gitignore` rule dropped). */
export type ScanEvent =
  | { kind: 'file'; file: CorpusFile }
  | { kind: 'skip'; skip: CorpusSkip }
  | { kind: 'warning'; message: string };

export interface ScanOptions {
  /** Globs relative to the root; when non-empty only files matching one of them are kept. */
  include?: readonly string[];
  /** Globs relative to the root for files or folders to leave out: the user's own plus the editor's
   *  `files.exclude` / `search.exclude` entries that are switched on. */
  exclude?: readonly string[];
  /** Honour `.gitignore` files found in the root and below it (default true). */
  respectGitignore?: boolean;
  /** Files larger than this are skipped without being read (default 2 MiB). */
  maxFileBytes?: number;
  /** What raises `maxFileBytes`, named in the skip reason (the CLI's `--max-file-kb`, a setting). */
  raiseMaxFileWith?: string;
  /** True for the real path of a file or folder the scan must leave out as the training run's own
   *  output (its model folder, lock file, token cache), which would otherwise change every run. */
  isRunOutput?: (realPath: string) => boolean;
  /** Any line longer than this marks a file as minified or generated (default 5000 characters). */
  maxLineLength?: number;
  /** Code files (not prose) of at least 1 KiB whose mean line length exceeds this are treated as
   *  minified too (default 300), which catches bundles wrapped at a fixed width. */
  maxMeanLineLength?: number;
  /** Stops the scan early; the generator then throws the signal's reason. */
  signal?: AbortSignal;
}

export const DEFAULT_SCAN_OPTIONS = {
  maxFileBytes: 2 * 1024 * 1024,
  /** Folders deeper than this below the root are skipped: nothing real is nested deeper, and a
   *  generated tree that is would otherwise take the scan down with it. */
  maxFolderDepth: 100,
  maxLineLength: 5000,
  maxMeanLineLength: 300,
} as const;

export interface LanguageTotals {
  files: number;
  bytes: number;
}

export interface CorpusSummary {
  files: number;
  bytes: number;
  byLanguage: Record<string, LanguageTotals>;
  skipCounts: Partial<Record<SkipReason, number>>;
  skips: CorpusSkip[];
  /** One line each, e.g. a `.gitignore` rule that was dropped. */
  warnings: string[];
}

export interface CorpusScan {
  /** The root as given, resolved to an absolute path. */
  root: string;
  /** True when the root is a single file rather than a folder. */
  singleFile: boolean;
  files: CorpusFile[];
  summary: CorpusSummary;
  /** The size cap the scan applied; later reads of the kept files refuse anything larger. */
  maxFileBytes: number;
}
