// The Pretrain wizard: a preset (each saying how long it takes on a 2-core laptop) or custom
// sizes typed into validated InputBoxes, then the new model's folder name.
import * as vscode from 'vscode';
import type { ModelType } from '../models/configs';
import { FAMILIES } from '../models/registry';
import {
  checkFolderName, checkInt, CUSTOM_FIELDS, describeDuration, describeShape, estimateSeconds, presets, type RunShape,
} from '../host/runs/pretrain-presets';

export interface WizardAnswers {
  shape: RunShape;
  name: string;
}

interface ShapeItem extends vscode.QuickPickItem {
  shape?: RunShape;
}

async function pickShape(title: string, defaults: RunShape): Promise<RunShape | undefined> {
  const items: ShapeItem[] = presets(defaults).map((p) => ({
    label: `$(${p.id === 'quick' ? 'zap' : 'settings-gear'}) ${p.label}: ${describeDuration(estimateSeconds(p.shape))} on a 2-core laptop`,
    detail: describeShape(p.shape) + (p.id === 'defaults' ? ' (from the pretrainLab.defaults settings)' : ''),
    shape: p.shape,
  }));
  items.push({ label: '$(edit) Custom…', detail: 'Choose the architecture and every size' });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'How big a model?', ignoreFocusOut: true });
  if (!picked) return undefined;
  return picked.shape ?? customShape(title, defaults);
}

async function customShape(title: string, defaults: RunShape): Promise<RunShape | undefined> {
  const arch = await vscode.window.showQuickPick(
    FAMILIES.map((f) => ({ label: f.modelType, detail: f.description })),
    { title, placeHolder: 'Architecture', ignoreFocusOut: true },
  );
  if (!arch) return undefined;
  const shape: Partial<RunShape> = { arch: arch.label as ModelType, vocabSize: defaults.vocabSize };
  for (const [i, field] of CUSTOM_FIELDS.entries()) {
    const text = await vscode.window.showInputBox({
      title: `${title} (${i + 1}/${CUSTOM_FIELDS.length})`,
      prompt: `${field.prompt}, ${field.min}–${field.max}`,
      value: String(defaults[field.key]),
      ignoreFocusOut: true,
      validateInput: (value) => checkInt(field, value, shape),
    });
    if (text === undefined) return undefined;
    shape[field.key] = Number(text.trim());
  }
  const full = shape as RunShape;
  const go = await vscode.window.showQuickPick(
    [{ label: `$(play) Train: ${describeDuration(estimateSeconds(full))} on a 2-core laptop`, detail: describeShape(full), ok: true }, { label: '$(close) Cancel', ok: false }],
    { title, ignoreFocusOut: true },
  );
  return go?.ok ? full : undefined;
}

/** The new model's folder name, checked against the models folder; undefined if dismissed. */
export async function askFolderName(title: string, suggested: string, exists: (name: string) => boolean): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'Name of the new model folder (created in the models folder)',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (value) => checkFolderName(value, exists),
  });
  return name?.trim();
}

export async function runWizard(title: string, defaults: RunShape, suggestedName: (arch: ModelType) => string, exists: (name: string) => boolean): Promise<WizardAnswers | undefined> {
  const shape = await pickShape(title, defaults);
  if (!shape) return undefined;
  const name = await askFolderName(title, suggestedName(shape.arch), exists);
  return name === undefined ? undefined : { shape, name };
}
