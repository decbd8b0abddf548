/**
 * Semantic code search as jobs (the extension's *Search Workspace by Meaning…* and *Find Similar
 * Code*): building and updating a workspace folder's index, and queries on it, run in the job
 * worker's thread so that embedding never blocks the extension host. The worker keeps each
 * folder's index open between calls (its vectors and BM25 tables are what make a query fast),
 * and runs the calls on one index one after another: a query asked while the index is updating
 * waits for the update and sees its result. A call cancelled while it waits is dropped unrun
 * (the quick pick cancels the query of text the user has typed past).
 */
import type { ScanOptions } from '../data/corpus-types';
import type { ErrorEvent } from '../train/run/events';
import type { SessionConfig } from '../runtime/session';
import type { IndexUpdate, SearchHit, SearchOptions } from '../search/protocol';
import { WorkspaceIndex } from '../search/workspace-index';
import { reportingErrors } from './train-jobs';
import type { JobContext, JobHandlers } from './worker-serve';

/** Which index: the folder it covers, the encoder its vectors come from, where it is stored. */
export interface SearchIndexRef {
  root: string;
  modelDir: string;
  indexDir: string;
  session: SessionConfig;
  /** The user's include/exclude globs (the corpus settings and the editor's excludes). */
  scan: Pick<ScanOptions, 'include' | 'exclude'>;
}

/** Lines of a file (relative to the root, 1-based, inclusive), e.g. the selection Find Similar Code starts from. */
export interface LineRange {
  file: string;
  startLine: number;
  endLine: number;
}

export interface SearchIndexProgress {
  event: 'progress';
  /** Units embedded so far and in all, in this update (only those of changed files are). */
  done: number;
  total: number;
}

/** The index was opened from its folder for this call (first use, another encoder, a reopen, a new worker): what it held. */
export interface SearchIndexOpened {
  event: 'opened';
  files: number;
  units: number;
}

export interface SearchJobs {
  /**
   * Builds the index on first use, else updates it: the folder is scanned and only the files
   * whose content changed since they were stored are mined and embedded again. `reopen` reads
   * the stored index afresh from disk first (a damaged one is then rebuilt, and the update says so).
   */
  searchIndex: { params: SearchIndexRef & { reopen?: boolean }; event: SearchIndexProgress | SearchIndexOpened | ErrorEvent; result: IndexUpdate };
  searchQuery: { params: SearchIndexRef & { query: string; options: SearchOptions }; event: ErrorEvent; result: SearchHit[] };
  /** Units most like `code`, leaving out those that overlap `exclude` (the code's own place). */
  searchSimilar: { params: SearchIndexRef & { code: string; options: SearchOptions; exclude?: LineRange }; event: ErrorEvent; result: SearchHit[] };
}

/** Whether a hit's unit shares a line with `range`. */
export function overlaps(hit: SearchHit, range: LineRange): boolean {
  return hit.unit.file === range.file && hit.unit.startLine <= range.endLine && range.startLine <= hit.unit.endLine;
}

/** One open index and the chain its calls run on, one after another. */
interface OpenIndex {
  key: string;
  index: Promise<WorkspaceIndex>;
  queue: Promise<unknown>;
  /** A call has run on it. */
  used: boolean;
}

/** The open indexes of this worker, one per folder: a folder searched with another encoder closes the old one. */
class OpenIndexes {
  private readonly byRoot = new Map<string, OpenIndex>();

  /**
   * Runs `use` on the folder's index once the calls before it on that index have ended;
   * `opened` is true for the call that opened it.
   */
  run<T>(ref: SearchIndexRef, signal: AbortSignal, reopen: boolean, use: (index: WorkspaceIndex, opened: boolean) => Promise<T>): Promise<T> {
    const entry = this.entry(ref, reopen);
    const result = entry.queue.then(async () => {
      // Dropped unrun: whoever asked no longer wants the answer.
      signal.throwIfAborted();
      const opened = !entry.used;
      entry.used = true;
      return use(await entry.index, opened);
    });
    entry.queue = result.catch(() => undefined);
    return result;
  }

  private entry(ref: SearchIndexRef, reopen: boolean): OpenIndex {
    const key = JSON.stringify([ref.modelDir, ref.indexDir, ref.session, ref.scan]);
    const current = this.byRoot.get(ref.root);
    if (current && current.key === key && !reopen) return current;
    const previous = current?.queue ?? Promise.resolve();
    const stale = current?.index;
    // The old index closes once its last call has ended; the new one opens after that, so the
    // two never write the same folder at once.
    const index = previous.then(async () => {
      await stale?.then((i) => i.close(), () => undefined);
      return WorkspaceIndex.open({ root: ref.root, modelDir: ref.modelDir, indexDir: ref.indexDir, session: ref.session, scan: ref.scan });
    });
    const entry: OpenIndex = { key, index, queue: index.catch(() => undefined), used: false };
    this.byRoot.set(ref.root, entry);
    // A failed open is not kept: the next call tries again (the user may fix the model folder).
    index.catch(() => {
      if (this.byRoot.get(ref.root) === entry) this.byRoot.delete(ref.root);
    });
    return entry;
  }
}

function reporting<T>(ctx: JobContext<unknown>, run: () => Promise<T>): Promise<T> {
  return reportingErrors(ctx as JobContext<ErrorEvent>, run);
}

export function searchJobHandlers(): JobHandlers<SearchJobs> {
  const open = new OpenIndexes();
  return {
    searchIndex: ({ reopen, ...ref }, ctx) => reporting(ctx, () =>
      open.run(ref, ctx.signal, reopen === true, (index, opened) => {
        if (opened) {
          const { files, units } = index.info();
          ctx.emit({ event: 'opened', files, units });
        }
        return index.update({ onProgress: (done, total) => ctx.emit({ event: 'progress', done, total }), signal: ctx.signal });
      })),
    searchQuery: ({ query, options, ...ref }, ctx) => reporting(ctx, () =>
      open.run(ref, ctx.signal, false, (index) => index.search(query, options))),
    searchSimilar: ({ code, options, exclude, ...ref }, ctx) => reporting(ctx, () =>
      open.run(ref, ctx.signal, false, async (index) => {
        const k = options.k ?? 10;
        if (!exclude) return index.similar(code, options);
        // The selection's own unit (and any unit around it) ranks first: ask for enough more.
        const hits = await index.similar(code, { ...options, k: k + 8 });
        return hits.filter((h) => !overlaps(h, exclude)).slice(0, k);
      })),
  };
}
