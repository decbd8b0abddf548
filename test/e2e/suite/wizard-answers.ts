// Drives the extension's wizards in the extension host as a user would answer them: while `run`
// goes, vscode.window's QuickPick, InputBox and open dialog are replaced by a script of answers,
// checked in order. The suite bundle sits inside the extension's folder, so VS Code gives it the
// extension's own `vscode` API object: what is replaced here is what the wizard calls. Each
// InputBox answer goes through the box's own validateInput first, as typing it would; a question
// the script does not expect, or a pick with no matching item, fails the command with what was
// asked and offered.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

export type Answer =
  /** Picks the item whose label is `pick` (after any $(icon)), or matches it. */
  | { pick: string | RegExp }
  /** Types `input` into the InputBox. */
  | { input: string }
  /** Chooses this path in the open dialog. */
  | { open: string };

export interface Asked {
  kind: 'pick' | 'input' | 'open';
  /** The question as shown: placeholder, prompt or title. */
  text: string;
  /** A QuickPick's items: label and description. */
  items?: { label: string; description?: string }[];
}

const plain = (label: string) => label.replace(/^\$\([\w-]+\)\s*/, '');

function matches(label: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? plain(label) === want : want.test(plain(label));
}

export async function answering<T>(answers: readonly Answer[], run: () => Thenable<T>): Promise<{ result: T; asked: Asked[] }> {
  const window = vscode.window as unknown as Record<'showQuickPick' | 'showInputBox' | 'showOpenDialog', unknown>;
  const saved = { showQuickPick: window.showQuickPick, showInputBox: window.showInputBox, showOpenDialog: window.showOpenDialog };
  const script = [...answers];
  const asked: Asked[] = [];
  const next = <K extends 'pick' | 'input' | 'open'>(kind: K, text: string): Extract<Answer, Record<K, unknown>> => {
    const answer = script.shift();
    if (!answer || !(kind in answer)) throw new Error(`the wizard asked ${kind} "${text}", the script answers ${JSON.stringify(answer ?? 'nothing more')} (asked so far: ${asked.map((a) => a.text).join(' → ')})`);
    return answer as Extract<Answer, Record<K, unknown>>;
  };

  window.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
    const list = (await items).filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    const text = options?.placeHolder ?? options?.title ?? '';
    asked.push({ kind: 'pick', text, items: list.map((i) => ({ label: plain(i.label), description: i.description })) });
    const { pick } = next('pick', text);
    // A multi-select pick answers with every item that matches.
    if (options?.canPickMany) {
      const picked = list.filter((i) => matches(i.label, pick));
      if (picked.length === 0) throw new Error(`"${text}" offers ${list.map((i) => plain(i.label)).join(', ')}: none is ${pick}`);
      return picked;
    }
    const item = list.find((i) => matches(i.label, pick));
    if (!item) throw new Error(`"${text}" offers ${list.map((i) => plain(i.label)).join(', ')}: none is ${pick}`);
    return item;
  };
  window.showInputBox = async (options?: vscode.InputBoxOptions) => {
    const text = options?.prompt ?? options?.title ?? '';
    asked.push({ kind: 'input', text });
    const { input } = next('input', text);
    const problem = await options?.validateInput?.(input);
    if (problem) throw new Error(`"${text}" refuses ${input}: ${typeof problem === 'string' ? problem : problem.message}`);
    return input;
  };
  window.showOpenDialog = async (options?: vscode.OpenDialogOptions) => {
    const text = options?.title ?? options?.openLabel ?? '';
    asked.push({ kind: 'open', text });
    return [vscode.Uri.file(next('open', text).open)];
  };
  assert.strictEqual(vscode.window.showQuickPick, window.showQuickPick, 'vscode.window cannot be scripted in this VS Code');
  try {
    const result = await run();
    assert.deepStrictEqual(script, [], `answers left unused; asked: ${asked.map((a) => a.text).join(' → ')}`);
    return { result, asked };
  } finally {
    Object.assign(window, saved);
  }
}
