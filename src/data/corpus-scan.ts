/**
 * Scans a folder (or one file) for text worth training on. `walkCorpus` streams one event per
 * kept file, skip or warning, in sorted depth-first order so that repeated scans agree;
 * `scanCorpus` collects them with a summary. A file or folder that vanishes or cannot be read
 * mid-scan becomes an `unreadable` skip, never an exception. The walk keeps its own stack (no
 * recursion, so no depth can overflow the call stack) and stops at a depth limit; files are read
 * one at a time through corpus-read.ts, so no number of files can exhaust the open-file limit.
 */
import { createHash } from 'node:crypto';
import { promises as fs, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../util/errors';
import { describeFileKind, describeFsError } from '../util/regular-file';
import { isInVirtualTree, isSystemFolder } from '../util/system-folders';
import { classifyContent, hasMinifiedName, isLockFile, type ContentLimits } from './corpus-content';
import { GitignoreStack, gitignoreLabel } from './corpus-gitignore';
import { GlobFilter } from './corpus-globs';
import { guessLanguage } from './corpus-language';
import { readCorpusBytes, readCorpusText, type SizeCap } from './corpus-read';
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

/** How long the walk may run without letting the event loop turn. */
const PAUSE_EVERY_MS = 20;

/** A `.gitignore` larger than this is not read (its rules are not applied, with a warning). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

export async function scanCorpus(root: string, options: ScanOptions = {}): Promise<CorpusScan> {
  const absoluteRoot = path.resolve(root);
  const singleFile = (await statCorpusRoot(absoluteRoot)).isFile();
  const events: ScanEvent[] = [];
  for await (const event of walkCorpus(absoluteRoot, options)) events.push(event);
  const files = events.flatMap((e) => (e.kind === 'file' ? [e.file] : []));
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_SCAN_OPTIONS.maxFileBytes;
  return { root: absoluteRoot, singleFile, files, summary: summarizeScan(events), maxFileBytes };
}

/** Throws only when the root itself does not exist or the scan is aborted. */
export async function* walkCorpus(root: string, options: ScanOptions = {}): AsyncGenerator<ScanEvent> {
  const absoluteRoot = path.resolve(root);
  const walker = new CorpusWalker(options);
  const rootStat = await statCorpusRoot(absoluteRoot);
  if (rootStat.isFile()) {
    // A file named explicitly is wanted whatever the ignore rules say; content checks still apply.
    yield walker.visitFile(absoluteRoot, path.basename(absoluteRoot));
  } else {
    yield* walker.walk(absoluteRoot);
  }
}

/** The corpus root's stat: a folder or a regular file; anything else (a device, a FIFO) is refused in one line. */
async function statCorpusRoot(absoluteRoot: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await fs.stat(absoluteRoot);
  } catch (error) {
    throw new InputError(`corpus ${describeFsError(absoluteRoot, error)}`);
  }
  if (!stats.isFile() && !stats.isDirectory()) {
    throw new InputError(`corpus ${absoluteRoot} is ${describeFileKind(stats)}; give a folder or a text file`);
  }
  // By real path: a link to / scans all of / too.
  const real = await fs.realpath(absoluteRoot);
  if (stats.isDirectory() && (isSystemFolder(real) || isInVirtualTree(real))) {
    throw new InputError(`corpus ${absoluteRoot} is a system folder, not a project; give the folder of the text or code to train on`);
  }
  return stats;
}

type EntryKind = 'folder' | 'file' | { reason: SkipReason; detail: string };

/** A folder being listed: the walk's explicit stack holds one per level. */
interface Frame {
  absolute: string;
  relative: string;
  real: string;
  depth: number;
  rules: GitignoreStack;
  entries: Dirent[];
  next: number;
}

class CorpusWalker {
  private readonly globs: GlobFilter;
  private readonly respectGitignore: boolean;
  private readonly sizeCap: SizeCap;
  private readonly limits: ContentLimits;
  private readonly signal: AbortSignal | undefined;
  private readonly isRunOutput: (realPath: string) => boolean;
  /** Real path of every folder entered → the relative path it was entered by. */
  private readonly foldersSeen = new Map<string, string>();
  /** Real paths of the folders on the stack, to recognise links back into them. */
  private readonly open = new Set<string>();
  /** Content hash of every kept file → its relative path, for de-duplication. */
  private readonly hashesSeen = new Map<string, string>();

  constructor(options: ScanOptions) {
    this.globs = new GlobFilter(options.include, options.exclude);
    this.respectGitignore = options.respectGitignore ?? true;
    this.sizeCap = { maxBytes: options.maxFileBytes ?? DEFAULT_SCAN_OPTIONS.maxFileBytes, raiseWith: options.raiseMaxFileWith };
    this.limits = {
      maxLineLength: options.maxLineLength ?? DEFAULT_SCAN_OPTIONS.maxLineLength,
      maxMeanLineLength: options.maxMeanLineLength ?? DEFAULT_SCAN_OPTIONS.maxMeanLineLength,
    };
    this.signal = options.signal;
    this.isRunOutput = options.isRunOutput ?? (() => false);
  }

  async *walk(rootAbsolute: string): AsyncGenerator<ScanEvent> {
    const stack: Frame[] = [];
    yield* this.descend(stack, rootAbsolute, '', 0, GitignoreStack.empty());
    let lastPause = performance.now();
    while (stack.length > 0) {
      this.signal?.throwIfAborted();
      if (performance.now() - lastPause > PAUSE_EVERY_MS) {
        // Reads are synchronous (one file open at a time): let the event loop run now and then,
        // for the editor that scans in its own process.
        await new Promise((resolve) => setImmediate(resolve));
        lastPause = performance.now();
      }
      const frame = stack[stack.length - 1];
      if (frame.next === frame.entries.length) {
        stack.pop();
        this.open.delete(frame.real);
        continue;
      }
      const entry = frame.entries[frame.next++];
      const childAbsolute = path.join(frame.absolute, entry.name);
      const childRelative = frame.relative === '' ? entry.name : `${frame.relative}/${entry.name}`;
      const childSkip = (isFolder: boolean, reason: SkipReason, detail: string) => skipEvent(childAbsolute, childRelative, isFolder, reason, detail);

      if (ALWAYS_SKIPPED.has(entry.name)) {
        yield childSkip(!entry.isFile(), 'always-skipped', entry.name);
        continue;
      }
      const real = entry.isSymbolicLink() ? await fs.realpath(childAbsolute).catch(() => undefined) : path.join(frame.real, entry.name);
      const kind = await entryKind(entry, childAbsolute);
      if (typeof kind !== 'string') {
        yield childSkip(false, kind.reason, kind.detail);
        continue;
      }
      const isFolder = kind === 'folder';
      const ignoredBy = this.respectGitignore ? frame.rules.match(childRelative, isFolder) : undefined;
      if (real !== undefined && this.isRunOutput(real)) {
        yield childSkip(isFolder, 'run-output', 'written by this training run');
      } else if (ignoredBy) {
        yield childSkip(isFolder, 'gitignored', `${ignoredBy.file}: ${ignoredBy.pattern}`);
      } else if (this.globs.excludes(childRelative)) {
        yield childSkip(isFolder, 'excluded', 'matches an exclude glob');
      } else if (isFolder && frame.depth + 1 > DEFAULT_SCAN_OPTIONS.maxFolderDepth) {
        yield childSkip(true, 'too-deep', `more than ${DEFAULT_SCAN_OPTIONS.maxFolderDepth} folders deep below the root`);
      } else if (isFolder) {
        yield* this.descend(stack, childAbsolute, childRelative, frame.depth + 1, frame.rules);
      } else if (!this.globs.includes(childRelative)) {
        yield childSkip(false, 'not-included', 'matches no include glob');
      } else {
        yield this.visitFile(childAbsolute, childRelative);
      }
    }
  }

  /** Pushes a folder onto the walk's stack, or yields why it cannot be entered. */
  private async *descend(stack: Frame[], absolute: string, relative: string, depth: number, rules: GitignoreStack): AsyncGenerator<ScanEvent> {
    const entered = await this.enterFolder(absolute, relative, depth, rules);
    if (!('frame' in entered)) return yield entered;
    stack.push(entered.frame);
    this.open.add(entered.frame.real);
    for (const message of entered.warnings) yield { kind: 'warning', message };
  }

  /** Lists a folder and reads its `.gitignore`; a skip when it cannot be entered. */
  private async enterFolder(
    absolute: string,
    relative: string,
    depth: number,
    inherited: GitignoreStack,
  ): Promise<{ frame: Frame; warnings: string[] } | ScanEvent> {
    const skip = (reason: SkipReason, detail: string) => skipEvent(absolute, relative, true, reason, detail);
    let real: string;
    let entries: Dirent[];
    try {
      real = await fs.realpath(absolute);
      if (this.open.has(real)) return skip('symlink-loop', `links back to ${displayFolder(this.foldersSeen.get(real))}`);
      const earlier = this.foldersSeen.get(real);
      if (earlier !== undefined) return skip('duplicate', `same folder as ${displayFolder(earlier)}`);
      this.foldersSeen.set(real, relative);
      entries = await fs.readdir(absolute, { withFileTypes: true });
    } catch (error) {
      return skip('unreadable', describeError(error));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    let rules = inherited;
    const warnings: string[] = [];
    if (this.respectGitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const text = readCorpusText(path.join(absolute, '.gitignore'), { maxBytes: MAX_GITIGNORE_BYTES });
      if (text.ok) {
        const added = inherited.withFile(relative, text.value.text);
        rules = added.stack;
        warnings.push(...added.warnings);
      } else {
        warnings.push(`${gitignoreLabel(relative)} was not read (${text.detail}); its rules are not applied`);
      }
    }
    return { frame: { absolute, relative, real, depth, rules, entries, next: 0 }, warnings };
  }

  visitFile(absolute: string, relative: string): ScanEvent {
    const skip = (reason: SkipReason, detail: string) => skipEvent(absolute, relative, false, reason, detail);
    const baseName = path.basename(absolute);
    if (isLockFile(baseName)) return skip('lock-file', baseName);
    if (hasMinifiedName(baseName)) return skip('minified', 'file name marks it as minified');

    const read = readCorpusBytes(absolute, this.sizeCap);
    if (!read.ok) return skip(read.reason, read.detail);
    const bytes = read.value;

    const language = guessLanguage(absolute);
    const verdict = classifyContent(bytes, language, this.limits);
    if (!verdict.ok) return skip(verdict.reason, verdict.detail);

    const contentHash = createHash('sha256').update(bytes).digest('hex');
    const original = this.hashesSeen.get(contentHash);
    if (original !== undefined) return skip('duplicate', `same content as ${original}`);
    this.hashesSeen.set(contentHash, relative);

    const file: CorpusFile = { path: absolute, relativePath: relative, bytes: bytes.length, language, contentHash };
    return { kind: 'file', file };
  }
}

/** Follows symbolic links; a dangling or looping link, a FIFO, device or socket becomes a skip instead. */
async function entryKind(entry: Dirent, absolute: string): Promise<EntryKind> {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  try {
    const target = await fs.stat(absolute);
    if (target.isDirectory()) return 'folder';
    if (target.isFile()) return 'file';
    return { reason: 'special-file', detail: `${describeFileKind(target)}, not a regular file` };
  } catch (error) {
    if (errorCode(error) === 'ELOOP') return { reason: 'symlink-loop', detail: 'symbolic link resolves to itself' };
    if (!entry.isSymbolicLink()) return { reason: 'unreadable', detail: describeError(error) };
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
