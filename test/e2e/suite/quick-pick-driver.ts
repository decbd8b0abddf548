// Drives a live quick pick (vscode.window.createQuickPick) from the extension-host tests as a
// user would: while `run` goes, createQuickPick hands the extension a stand-in that records every
// list of items it shows, and lets the test type (onDidChangeValue), pick and press Enter
// (onDidAccept). The suite bundle sits inside the extension's folder, so VS Code gives it the
// extension's own `vscode` API object: what is replaced here is what the command calls.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

export interface DrivenQuickPick {
  title?: string;
  placeholder?: string;
  /** Every list of items the extension showed, in order. */
  readonly shown: vscode.QuickPickItem[][];
  readonly items: readonly vscode.QuickPickItem[];
  readonly visible: boolean;
  type(value: string): void;
  /** Selects `item` and presses Enter. */
  accept(item: vscode.QuickPickItem): void;
}

class StandInQuickPick implements DrivenQuickPick {
  title?: string;
  placeholder?: string;
  busy = false;
  matchOnDescription = false;
  matchOnDetail = false;
  value = '';
  selectedItems: readonly vscode.QuickPickItem[] = [];
  readonly shown: vscode.QuickPickItem[][] = [];
  visible = false;
  private list: readonly vscode.QuickPickItem[] = [];
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly accepted = new vscode.EventEmitter<void>();
  private readonly hidden = new vscode.EventEmitter<void>();
  readonly onDidChangeValue = this.changed.event;
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;

  get items(): readonly vscode.QuickPickItem[] {
    return this.list;
  }

  set items(items: readonly vscode.QuickPickItem[]) {
    this.list = items;
    this.shown.push([...items]);
  }

  show(): void {
    this.visible = true;
  }

  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.hidden.fire();
  }

  dispose(): void {
    this.changed.dispose();
    this.accepted.dispose();
    this.hidden.dispose();
  }

  type(value: string): void {
    this.value = value;
    this.changed.fire(value);
  }

  accept(item: vscode.QuickPickItem): void {
    this.selectedItems = [item];
    this.accepted.fire();
  }
}

/** Runs `run` with createQuickPick replaced; `drive` gets the pick it opened. */
export async function drivingQuickPick(run: () => Thenable<unknown>, drive: (pick: DrivenQuickPick) => Promise<void>): Promise<void> {
  const window = vscode.window as unknown as { createQuickPick: unknown };
  const saved = window.createQuickPick;
  let opened: StandInQuickPick | undefined;
  window.createQuickPick = () => (opened = new StandInQuickPick());
  assert.strictEqual(vscode.window.createQuickPick, window.createQuickPick, 'vscode.window cannot be scripted in this VS Code');
  try {
    await run();
    assert.ok(opened?.visible, 'the command showed no quick pick');
    await drive(opened);
  } finally {
    window.createQuickPick = saved;
    opened?.hide();
  }
}
