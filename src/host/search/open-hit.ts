// Opens a search hit where it is: its file in an editor, the unit's lines selected and revealed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SearchHit } from '../../search/protocol';

/** The command the Search Results view's items run (registered in commands/, named here so views need not import commands). */
export const OPEN_SEARCH_HIT = 'pretrainLab.openSearchHit';

export async function openHit(root: string, hit: SearchHit): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, ...hit.unit.file.split('/'))));
  // The file may have changed since it was indexed: keep the range inside it.
  const last = document.lineCount - 1;
  const start = Math.min(Math.max(hit.unit.startLine - 1, 0), last);
  const end = Math.min(Math.max(hit.unit.endLine - 1, start), last);
  const range = new vscode.Range(start, 0, end, document.lineAt(end).range.end.character);
  const editor = await vscode.window.showTextDocument(document, { selection: range, preview: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
