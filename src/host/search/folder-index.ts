// One workspace folder's search index as the extension host follows it: built on first use,
// then kept current by a file watcher. Changes are gathered for a moment and answered with one
// update, in which the index re-mines and re-embeds only the files whose content changed (an
// edit re-embeds its own file, never the whole folder). Every call runs in the search job
// worker; this side holds what the UI shows: whether the index is building and how far, and
// the last update.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobManager, RunningJob } from '../../jobs/job-manager';
import type { LineRange, SearchIndexRef, SearchJobs } from '../../jobs/search-jobs';
import type { IndexUpdate, SearchHit, SearchOptions } from '../../search/protocol';
import { corpusScanOptions } from '../corpus/corpus-options';
import { scanSettings } from '../corpus/workspace-corpus';
import { sessionConfig } from '../settings';

/** How long the watcher gathers changes before updating: a save-all or a branch switch is one update. */
const UPDATE_DELAY_MS = 400;

/** Folders whose files are never units: the watcher does not wake the index for them. */
const NEVER_INDEXED = /(^|\/)(\.git|node_modules)(\/|$)/;

export interface IndexState {
  root: string;
  modelDir: string;
  /** Set while an update runs: units embedded so far and in all (total 0 while the folder is scanned). */
  building?: { done: number; total: number };
  /** The last update that finished. */
  lastUpdate?: IndexUpdate;
  /** The last update that changed the index (embedded or dropped files): the first build, or the latest edit's. */
  lastChange?: IndexUpdate;
}

export class FolderIndex implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  /** Files the watcher saw change since the last update began (for the log: the update finds them itself). */
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private built: Promise<IndexUpdate> | undefined;
  private updatesRunning = 0;
  private disposed = false;
  readonly state: IndexState;

  constructor(
    private readonly jobs: JobManager<SearchJobs>,
    readonly root: string,
    readonly modelDir: string,
    readonly indexDir: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly changed: () => void,
  ) {
    this.state = { root, modelDir };
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'));
    const see = (uri: vscode.Uri) => this.fileChanged(uri);
    this.watcher.onDidChange(see);
    this.watcher.onDidCreate(see);
    this.watcher.onDidDelete(see);
  }

  /** The index, built (or brought up to date from what is stored) on the first call of the session. */
  ready(): Promise<IndexUpdate> {
    if (!this.built) {
      const built = this.update(false);
      this.built = built;
      // A failed build is not kept: the next use tries again.
      built.catch(() => {
        if (this.built === built) this.built = undefined;
      });
    }
    return this.built;
  }

  /** Reads the stored index afresh (a damaged one is rebuilt) and updates every changed file. */
  refresh(): Promise<IndexUpdate> {
    this.pending.clear();
    const refreshed = this.update(true);
    this.built = refreshed;
    refreshed.catch(() => {
      if (this.built === refreshed) this.built = undefined;
    });
    return refreshed;
  }

  query(query: string, options: SearchOptions): RunningJob<SearchHit[]> {
    return this.jobs.start('searchQuery', { ...this.ref(), query, options });
  }

  similar(code: string, options: SearchOptions, exclude?: LineRange): RunningJob<SearchHit[]> {
    return this.jobs.start('searchSimilar', { ...this.ref(), code, options, ...(exclude ? { exclude } : {}) });
  }

  /** Updates now for whatever the watcher has seen change; undefined when it has seen nothing. */
  async flush(): Promise<IndexUpdate | undefined> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return undefined;
    const seen = [...this.pending].sort();
    this.pending.clear();
    await this.ready();
    this.log.debug(`search index of ${this.root}: updating for ${seen.join(', ')}`);
    return this.update(false);
  }

  private ref(): SearchIndexRef {
    const scan = corpusScanOptions(scanSettings(vscode.Uri.file(this.root)));
    return { root: this.root, modelDir: this.modelDir, indexDir: this.indexDir, session: sessionConfig(), scan: { include: scan.include, exclude: scan.exclude } };
  }

  private fileChanged(uri: vscode.Uri): void {
    const relative = path.relative(this.root, uri.fsPath).split(path.sep).join('/');
    if (!relative || relative.startsWith('..') || NEVER_INDEXED.test(relative)) return;
    // Nothing to keep current until the index exists: its first build reads every file anyway.
    if (!this.built || this.disposed) return;
    this.pending.add(relative);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.flush().catch((e: unknown) => this.log.error(`search index of ${this.root}: ${(e as Error).message}`));
    }, UPDATE_DELAY_MS);
  }

  private update(reopen: boolean): Promise<IndexUpdate> {
    this.updatesRunning++;
    this.state.building = { done: 0, total: 0 };
    this.changed();
    const job = this.jobs.start('searchIndex', { ...this.ref(), reopen }, (event) => {
      if (event.event === 'opened') this.log.info(`search index of ${this.root}: opened from ${this.indexDir} (${event.files} files, ${event.units} units stored)`);
      if (event.event !== 'progress' || !this.state.building) return;
      this.state.building = { done: event.done, total: event.total };
      this.changed();
    });
    return job.result.then((update) => {
      this.state.lastUpdate = update;
      if (!this.state.lastChange || update.filesIndexed.length > 0 || update.filesRemoved.length > 0) this.state.lastChange = update;
      this.report(update);
      return update;
    }).finally(() => {
      if (--this.updatesRunning === 0) this.state.building = undefined;
      this.changed();
    });
  }

  private report(update: IndexUpdate): void {
    const what = `search index of ${path.basename(this.root)}`;
    if (update.rebuiltAfterCorruption) {
      const line = `The ${what} could not be read (${update.corruptionReason ?? 'damaged'}) and was rebuilt from scratch.`;
      this.log.warn(line);
      void vscode.window.showWarningMessage(line);
    }
    this.log.info(`${what}: ${update.filesIndexed.length} files embedded, ${update.filesRemoved.length} removed, ${update.units} units, ${update.seconds.toFixed(1)} s`);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.watcher.dispose();
  }
}
