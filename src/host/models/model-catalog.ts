// The models the user can pick: bundled ones under the extension's models/ and
// the user's under the models folder setting. Fires onDidChange when that setting
// changes or a config.json appears, changes or goes away under the user folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverModels, ModelRoot } from './discovery';
import { readModelSummary } from './model-summary';
import type { ModelSummary } from './model-types';
import { affectsModels, modelsFolder } from '../settings';

/** Saving a model writes several files; one refresh for the burst is enough. */
const REFRESH_DEBOUNCE_MS = 300;

export class ModelCatalog implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.watchUserFolder();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsModels(e)) return;
        this.watchUserFolder();
        this.changed.fire();
      }),
    );
  }

  get bundledFolder(): string {
    return path.join(this.context.extensionUri.fsPath, 'models');
  }

  get userFolder(): string {
    return modelsFolder(this.context);
  }

  roots(): ModelRoot[] {
    return [
      { folder: this.bundledFolder, source: 'bundled' },
      { folder: this.userFolder, source: 'user' },
    ];
  }

  list(): Promise<ModelSummary[]> {
    return discoverModels(this.roots());
  }

  /** The listed model at `folder`, or, for a folder the user picked by hand, its summary. */
  async find(folder: string): Promise<ModelSummary> {
    const resolved = path.resolve(folder);
    const listed = (await this.list()).find((m) => m.folder === resolved);
    return listed ?? readModelSummary(resolved, 'user');
  }

  refresh(): void {
    this.changed.fire();
  }

  private watchUserFolder(): void {
    this.watcher?.dispose();
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(this.userFolder), '**/config.json'),
    );
    const schedule = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), REFRESH_DEBOUNCE_MS);
    };
    this.watcher.onDidCreate(schedule);
    this.watcher.onDidChange(schedule);
    this.watcher.onDidDelete(schedule);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.dispose();
    this.changed.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
