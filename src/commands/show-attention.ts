// "Pretrain Lab: Show Attention for Selection": the attention explorer for the
// selected text (or a typed one) on a model from the Models view, the selected
// model, or one picked now. Resolves once the result is drawn, so callers (and
// tests) know when the explorer shows it.
import * as vscode from 'vscode';
import type { AttentionOutcome } from '../host/panels';
import { MAX_TEXT_CHARS } from '../host/prompt/text-limits';
import { selectionOrInput } from './editor-text';
import { resolveModel } from './pick-model';
import type { Services } from '../host/services';

export const SHOW_ATTENTION = 'pretrainLab.showAttention';

export function registerShowAttention(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_ATTENTION, async (arg?: unknown, text?: unknown): Promise<AttentionOutcome | undefined> => {
    const model = await resolveModel(s, arg, 'Show Attention');
    if (!model) return undefined;
    const input = typeof text === 'string' && text.trim()
      ? text.slice(0, MAX_TEXT_CHARS)
      : await selectionOrInput({
        title: `Show Attention: ${model.name}`,
        prompt: 'Text to run the model on (select text in an editor to skip this)',
        maxChars: MAX_TEXT_CHARS,
      });
    if (!input) return undefined;
    return s.panels.showAttention(model, input);
  });
}
