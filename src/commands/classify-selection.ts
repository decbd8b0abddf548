// "Pretrain Lab: Classify Selection": labels the selected text with a finetuned
// classifier (its own head), or — for a pretrained model without one — with a
// prompt template and a verbalizer ("pretrain + prompt + predict"). With a text
// argument (tests, other extensions: `(model, text, { template, verbalizer }?)`) it
// returns the result without asking.
import * as vscode from 'vscode';
import type { Classification, PromptSpec } from '../infer/classify';
import type { ModelSummary } from '../host/models/model-types';
import { DEFAULT_TEMPLATE, DEFAULT_VERBALIZER, promptProblem } from '../host/prompt/classify-prompt';
import { hasClassifierHead } from '../host/prompt/classifier-head';
import { MAX_PROMPT_CHARS } from '../host/prompt/text-limits';
import { familyFor, isModelType } from '../models/registry';
import { selectionOrInput } from './editor-text';
import { resolveModel } from './pick-model';
import type { Services } from '../host/services';
import { sessionConfig } from '../host/settings';

export const CLASSIFY_SELECTION = 'pretrainLab.classifySelection';

async function askPrompt(model: ModelSummary): Promise<PromptSpec | undefined> {
  // A masked LM answers at [MASK]; a decoder answers there too, or after the text without one.
  const needsMask = isModelType(model.modelType) && familyFor(model.modelType).tasks.fillMask;
  const template = await vscode.window.showInputBox({
    title: `Classify with ${model.name}: template`,
    prompt: `A sentence around your text: {text} marks where it goes, [MASK] the answer word${needsMask ? '' : ' (optional: without it the answer comes last)'}`,
    value: DEFAULT_TEMPLATE,
    validateInput: (v) => promptProblem({ template: v, verbalizer: DEFAULT_VERBALIZER }, needsMask),
  });
  if (!template) return undefined;
  const verbalizer = await vscode.window.showInputBox({
    title: `Classify with ${model.name}: verbalizer`,
    prompt: 'One answer word per label: label=word, separated by commas',
    value: DEFAULT_VERBALIZER,
    validateInput: (v) => promptProblem({ template, verbalizer: v }, needsMask),
  });
  return verbalizer ? { template, verbalizer } : undefined;
}

/** A template + verbalizer passed by a caller; anything else is no prompt. */
function promptArg(raw: unknown): PromptSpec | undefined {
  const p = raw as Partial<PromptSpec> | undefined;
  return typeof p?.template === 'string' && typeof p.verbalizer === 'string' ? { template: p.template, verbalizer: p.verbalizer } : undefined;
}

export function registerClassifySelection(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CLASSIFY_SELECTION, async (arg?: unknown, text?: unknown, prompt?: unknown): Promise<Classification | undefined> => {
    const model = await resolveModel(s, arg, 'Classify');
    if (!model) return undefined;
    const given = typeof text === 'string' && text.trim() ? text : undefined;
    const input = given ?? (await selectionOrInput({ title: `Classify: ${model.name}`, prompt: 'The text to classify', maxChars: MAX_PROMPT_CHARS }));
    if (!input) return undefined;
    // A prompt the caller gives wins; else the model's own head; else ask for one.
    const head = await hasClassifierHead(model.folder);
    const spec = promptArg(prompt) ?? (head || given ? undefined : await askPrompt(model));
    if (!spec && !head) {
      if (given) void vscode.window.showErrorMessage(`Classify: ${model.name} has no classification head; give a template and a verbalizer.`);
      return undefined;
    }
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Classifying with ${model.name}` },
        () => s.inference.start('classify', { dir: model.folder, text: input, prompt: spec, session: sessionConfig() }).result,
      );
      if (!given) {
        const ranked = result.scores.map((x) => `${x.label} ${(x.probability * 100).toFixed(1)}%`).join(' · ');
        void vscode.window.showInformationMessage(`${model.name} (${result.method}): ${result.label} — ${ranked}`);
      }
      return result;
    } catch (e) {
      void vscode.window.showErrorMessage(`Classify: ${(e as Error).message}`);
      return undefined;
    }
  });
}
