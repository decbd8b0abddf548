// The text a command works on: the editor's selection, else what the user types.
import * as vscode from 'vscode';

/** The selected text of the active editor; undefined when nothing is selected. */
export function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const text = editor.document.getText(editor.selection);
  return text.trim() ? text : undefined;
}

/** The selection, else an input box; undefined when the user dismissed it. */
export async function selectionOrInput(options: { title: string; prompt: string; value?: string; maxChars: number }): Promise<string | undefined> {
  const text = selectedText()
    ?? (await vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      validateInput: (v) => (v.trim() ? (v.length > options.maxChars ? `At most ${options.maxChars} characters` : undefined) : 'Type some text'),
    }));
  return text?.trim() ? text.slice(0, options.maxChars) : undefined;
}
