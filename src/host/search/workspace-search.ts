// Semantic search over the workspace's folders, as the extension host's service: one FolderIndex
// per folder (for the encoder it was last searched with), all served by one job worker on a
// thread that keeps the indexes open. Started on first use, never at activation (the worker
// loads ONNX Runtime).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JobManager } from '../../jobs/job-manager';
import type { SearchJobs } from '../../jobs/search-jobs';
import { FolderIndex, type IndexState } from './folder-index';
import { indexDirFor } from './index-location';

export class WorkspaceSearch implements vscode.Disposable {
  private readonly jobs: JobManager<SearchJobs>;
  private readonly folders = new Map<string, FolderIndex>();
  private readonly emitter = new vscode.EventEmitter<IndexState>();
  /** A folder's index started or finished an update, or got further in one. */
  readonly onDidChangeState = this.emitter.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.jobs = new JobManager<SearchJobs>(path.join(context.extensionPath, 'dist', 'worker.js'), {
      host: 'thread',
      onHostError: (e) => log.error(`search worker: ${e.message}`),
    });
  }

  /** The index of `root` made with `modelDir`; one made with another encoder is let go. */
  folder(root: string, modelDir: string): FolderIndex {
    const key = path.resolve(root);
    const current = this.folders.get(key);
    if (current && current.modelDir === path.resolve(modelDir)) return current;
    current?.dispose();
    const index: FolderIndex = new FolderIndex(this.jobs, key, path.resolve(modelDir), indexDirFor(this.context, key, modelDir), this.log, () => this.emitter.fire(index.state));
    this.folders.set(key, index);
    return index;
  }

  dispose(): void {
    for (const index of this.folders.values()) index.dispose();
    this.folders.clear();
    this.emitter.dispose();
    void this.jobs.dispose();
  }
}
