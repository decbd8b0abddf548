/**
 * Scans a folder (or one file) for text worth training on. `walkCorpus` streams one event per
 * kept file or skip, in sorted depth-first order so that repeated scans agree; `scanCorpus`
 * collects them with a summary. A file or folder that vanishes or cannot be read mid-scan
 * becomes an `unreadable` skip, never an exception.
 */
import { createHash } from 'node:crypto';
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { classifyContent, hasMinifiedName, isLockFile, type ContentLimits } from './corpus-content';
import { GitignoreStack } from './corpus-gitignore';
import { GlobFilter } from './corpus-globs';
import { guessLanguage } from './corpus-language';
import { summarizeScan } from './corpus-summary';
import {
  DEFAULT_SCAN_OPTIONS,
  type CorpusFile,
  type CorpusScan,
  type CorpusSkip,
  type ScanEvent,
  type ScanOptions,
  type SkipReason,
} from './corpus-types';

/** Never training data, whatever the ignore files say. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export async function scanCorpus(root: string, options: ScanOptions = {}): Promise<CorpusScan> {
  const absoluteRoot = path.resolve(root);
  const singleFile = (await fs.stat(absoluteRoot)).isFile();
  const events: ScanEvent[] = [];
  for await (const event of walkCorpus(absoluteRoot, options)) events.push(event);
  const files = events.flatMap((e) => (e.kind === 'file' ? [e.file] : []));
  return { root: absoluteRoot, singleFile, files, summary: summarizeScan(events) };
}

/** Throws only when the root itself does not exist or the scan is aborted. */
export async function* walkCorpus(root: string, options: ScanOptions = {}): AsyncGenerator<ScanEvent> {
  const absoluteRoot = path.resolve(root);
  const walker = new CorpusWalker(options);
  const rootStat = await fs.stat(absoluteRoot);
  if (rootStat.isFile()) {
    // A file named explicitly is wanted whatever the ignore rules say; content checks still apply.
    yield* walker.visitFile(absoluteRoot, path.basename(absoluteRoot));
  } else {
    yield* walker.walkFolder(absoluteRoot, '', GitignoreStack.empty(), new Set());
  }
}

type EntryKind = 'folder' | 'file' | 'other';

class CorpusWalker {
  private readonly globs: GlobFilter;
  private readonly respectGitignore: boolean;
  private readonly maxFileBytes: number;
  private readonly limits: ContentLimits;
  private readonly signal: AbortSignal | undefined;
  /** Real path of every folder entered → the relative path it was entered by. */
  private readonly foldersSeen = new Map<string, string>();
  /** Content hash of every kept file → its relative path, for de-duplication. */
  private readonly hashesSeen = new Map<string, string>();

  constructor(options: ScanOptions) {
    this.globs = new GlobFilter(options.include, options.exclude);
    this.respectGitignore = options.respectGitignore ?? true;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_SCAN_OPTIONS.maxFileBytes;
    this.limits = {
      maxLineLength: options.maxLineLength ?? DEFAULT_SCAN_OPTIONS.maxLineLength,
      maxMeanLineLength: options.maxMeanLineLength ?? DEFAULT_SCAN_OPTIONS.maxMeanLineLength,
    };
    this.signal = options.signal;
  }

  /** `ancestors` holds the real paths of the folders above this one, to recognise loops. */
  async *walkFolder(
    absolute: string,
    relative: string,
    gitignore: GitignoreStack,
    ancestors: ReadonlySet<string>,
  ): AsyncGenerator<ScanEvent> {
    const skip = (reason: SkipReason, detail: string) => skipEvent(absolute, relative, true, reason, detail);
    let real: string;
    let entries: Dirent[];
    try {
      real = await fs.realpath(absolute);
      if (ancestors.has(real)) return yield skip('symlink-loop', `links back to ${displayFolder(this.foldersSeen.get(real))}`);
      const earlier = this.foldersSeen.get(real);
      if (earlier !== undefined) return yield skip('duplicate', `same folder as ${displayFolder(earlier)}`);
      this.foldersSeen.set(real, relative);
      entries = await fs.readdir(absolute, { withFileTypes: true });
    } catch (error) {
      return yield skip('unreadable', describeError(error));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    let rules = gitignore;
    if (this.respectGitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const text = await fs.readFile(path.join(absolute, '.gitignore'), 'utf8').catch(() => undefined);
      if (text !== undefined) rules = gitignore.withFile(relative, text);
    }
    const below = new Set(ancestors).add(real);

    for (const entry of entries) {
      this.signal?.throwIfAborted();
      const childAbsolute = path.join(absolute, entry.name);
      const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const childSkip = (isFolder: boolean, reason: SkipReason, detail: string) =>
        skipEvent(childAbsolute, childRelative, isFolder, reason, detail);

      if (ALWAYS_SKIPPED.has(entry.name)) {
        yield childSkip(!entry.isFile(), 'always-skipped', entry.name);
        continue;
      }
      const kind = await entryKind(entry, childAbsolute);
      if (typeof kind !== 'string') {
        yield childSkip(false, kind.reason, kind.detail);
        continue;
      }
      if (kind === 'other') {
        yield childSkip(false, 'unreadable', 'not a regular file or folder');
        continue;
      }
      const isFolder = kind === 'folder';
      const ignoredBy = this.respectGitignore ? rules.match(childRelative, isFolder) : undefined;
      if (ignoredBy) {
        yield childSkip(isFolder, 'gitignored', `${ignoredBy.file}: ${ignoredBy.pattern}`);
      } else if (this.globs.excludes(childRelative)) {
        yield childSkip(isFolder, 'excluded', 'matches an exclude glob');
      } else if (isFolder) {
        yield* this.walkFolder(childAbsolute, childRelative, rules, below);
      } else if (!this.globs.includes(childRelative)) {
        yield childSkip(false, 'not-included', 'matches no include glob');
      } else {
        yield* this.visitFile(childAbsolute, childRelative);
      }
    }
  }

  async *visitFile(absolute: string, relative: string): AsyncGenerator<ScanEvent> {
    const skip = (reason: SkipReason, detail: string) => skipEvent(absolute, relative, false, reason, detail);
    const baseName = path.basename(absolute);
    if (isLockFile(baseName)) return yield skip('lock-file', baseName);
    if (hasMinifiedName(baseName)) return yield skip('minified', 'file name marks it as minified');

    let bytes: Buffer;
    try {
      const handle = await fs.open(absolute, 'r');
      try {
        const { size } = await handle.stat();
        if (size > this.maxFileBytes) return yield skip('too-large', `${formatBytes(size)} (cap ${formatBytes(this.maxFileBytes)})`);
        bytes = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (error) {
      return yield skip('unreadable', describeError(error));
    }

    const language = guessLanguage(absolute);
    const verdict = classifyContent(bytes, language, this.limits);
    if (!verdict.ok) return yield skip(verdict.reason, verdict.detail);

    const contentHash = createHash('sha256').update(bytes).digest('hex');
    const original = this.hashesSeen.get(contentHash);
    if (original !== undefined) return yield skip('duplicate', `same content as ${original}`);
    this.hashesSeen.set(contentHash, relative);

    const file: CorpusFile = { path: absolute, relativePath: relative, bytes: bytes.length, language, contentHash };
    yield { kind: 'file', file };
  }
}

/** Follows symbolic links; a dangling or looping link becomes a skip instead. */
async function entryKind(entry: Dirent, absolute: string): Promise<EntryKind | { reason: SkipReason; detail: string }> {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
  try {
    const target = await fs.stat(absolute);
    return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
  } catch (error) {
    if (errorCode(error) === 'ELOOP') return { reason: 'symlink-loop', detail: 'symbolic link resolves to itself' };
    return { reason: 'unreadable', detail: `broken symbolic link (${describeError(error)})` };
  }
}

function skipEvent(absolute: string, relative: string, isDirectory: boolean, reason: SkipReason, detail: string): ScanEvent {
  const skip: CorpusSkip = { path: absolute, relativePath: relative, isDirectory, reason, detail };
  return { kind: 'skip', skip };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'vanished during the scan';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function displayFolder(relative: string | undefined): string {
  return relative === undefined || relative === '' ? 'the scan root' : relative;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
