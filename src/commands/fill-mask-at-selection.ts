// "Pretrain Lab: Fill Mask at Selection": runs a masked LM on the selected text
// (which holds the tokenizer's mask token, such as [MASK]) and offers its top
// predictions with their scores; the one picked replaces the first mask in the
// editor. With a text argument (tests, other extensions) it returns the results
// and edits nothing.
import * as vscode from 'vscode';
import type { MaskResult } from '../infer/fill-mask';
import { promptTask } from '../host/prompt/prompt-task';
import { familiesWith, typeList } from '../models/registry';
import { MAX_PROMPT_CHARS } from '../host/prompt/text-limits';
import { selectionOrInput } from './editor-text';
import { resolveModel } from './pick-model';
import type { Services } from '../host/services';
import { sessionConfig } from '../host/settings';

export const FILL_MASK_AT_SELECTION = 'pretrainLab.fillMaskAtSelection';
const TOP_K = 5;

export function registerFillMaskAtSelection(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(FILL_MASK_AT_SELECTION, async (arg?: unknown, text?: unknown): Promise<MaskResult[] | undefined> => {
    const model = await resolveModel(s, arg, 'Fill Mask');
    if (!model) return undefined;
    if (promptTask(model) !== 'fill-mask') {
      const why = model.problem ?? model.refusedTasks?.fillMask ?? `${model.name} is a "${model.modelType ?? 'unknown'}" model`;
      void vscode.window.showErrorMessage(`Fill Mask needs a masked language model (${typeList(familiesWith('fillMask'))}): ${why}.`);
      return undefined;
    }
    const given = typeof text === 'string' && text.trim() ? text : undefined;
    const editor = vscode.window.activeTextEditor;
    const input = given ?? (await selectionOrInput({ title: `Fill Mask: ${model.name}`, prompt: 'A sentence with [MASK] where a word is missing', maxChars: MAX_PROMPT_CHARS }));
    if (!input) return undefined;
    let results: MaskResult[];
    try {
      results = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Filling mask with ${model.name}` },
        () => s.inference.start('fillMask', { dir: model.folder, text: input, topK: TOP_K, session: sessionConfig() }).result,
      );
    } catch (e) {
      void vscode.window.showErrorMessage(`Fill Mask: ${(e as Error).message}`);
      return undefined;
    }
    if (given) return results;
    const picked = await vscode.window.showQuickPick(
      results[0].predictions.map((p) => ({ label: p.tokenStr, description: `${(p.score * 100).toFixed(1)}%`, detail: p.sequence, prediction: p })),
      { title: `Fill Mask: ${model.name}`, placeHolder: 'Pick a word to put in place of the first mask' },
    );
    if (picked && editor && !editor.selection.isEmpty) await replaceFirstMask(editor, picked.prediction.tokenStr);
    return results;
  });
}

/** Replaces the first [MASK]-like token inside the selection with `word`. */
async function replaceFirstMask(editor: vscode.TextEditor, word: string): Promise<void> {
  const selected = editor.document.getText(editor.selection);
  const match = /\[MASK\]|<mask>/.exec(selected);
  if (!match) return;
  const start = editor.document.offsetAt(editor.selection.start) + match.index;
  const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(start + match[0].length));
  await editor.edit((edit) => edit.replace(range, word.trim()));
}
