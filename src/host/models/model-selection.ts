// The model that commands act on when none is given, remembered per workspace.
import * as vscode from 'vscode';

const KEY = 'pretrainLab.selectedModel';

export class ModelSelection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  /** Folder of the selected model, if any. */
  get folder(): string | undefined {
    const value = this.state.get<unknown>(KEY);
    return typeof value === 'string' ? value : undefined;
  }

  async select(folder: string): Promise<void> {
    await this.state.update(KEY, folder);
    this.changed.fire(folder);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
