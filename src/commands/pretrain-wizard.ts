// The Pretrain wizard: a preset (each saying how long it takes on a 2-core laptop) or a custom
// run — the family, its pretraining objective and masking where it has a choice, sizes typed
// into validated InputBoxes, ELECTRA's generator width — then the new model's folder name.
import * as vscode from 'vscode';
import type { MaskingStrategy } from '../data/masking';
import type { ModelType } from '../models/configs';
import type { ObjectiveName } from '../models/family';
import { FAMILIES, familyFor, pretrainObjectivesOf } from '../models/registry';
import {
  checkFolderName, checkGeneratorWidth, checkInt, CUSTOM_FIELDS, describeDuration, describeShape, estimateSeconds, generatorWidthOf, MASKING_DETAILS,
  OBJECTIVE_DETAILS, presets, takesGeneratorWidth, takesMasking, type RunShape,
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

/** The family's objective: asked only where it has several, its default first. */
async function pickObjective(title: string, arch: ModelType): Promise<ObjectiveName | undefined> {
  const family = familyFor(arch);
  const objectives = pretrainObjectivesOf(family);
  if (objectives.length === 1) return objectives[0];
  const ordered = [family.defaultObjective, ...objectives.filter((o) => o !== family.defaultObjective)];
  const picked = await vscode.window.showQuickPick(
    ordered.map((objective) => ({ label: objective, description: objective === family.defaultObjective ? 'default' : undefined, detail: OBJECTIVE_DETAILS[objective], objective })),
    { title, placeHolder: `Pretraining objective of ${family.displayName}`, ignoreFocusOut: true },
  );
  return picked?.objective;
}

async function pickMasking(title: string): Promise<MaskingStrategy | undefined> {
  const picked = await vscode.window.showQuickPick(
    (Object.entries(MASKING_DETAILS) as [MaskingStrategy, string][]).map(([masking, detail]) => ({ label: masking, detail, masking })),
    { title, placeHolder: 'What the masked LM hides as one unit', ignoreFocusOut: true },
  );
  return picked?.masking;
}

async function customShape(title: string, defaults: RunShape): Promise<RunShape | undefined> {
  const arch = await vscode.window.showQuickPick(
    FAMILIES.map((f) => ({ label: f.modelType, description: f.displayName, detail: f.description })),
    { title, placeHolder: 'Architecture', ignoreFocusOut: true },
  );
  if (!arch) return undefined;
  const objective = await pickObjective(title, arch.label as ModelType);
  if (!objective) return undefined;
  const masking = takesMasking(objective) ? await pickMasking(title) : undefined;
  if (takesMasking(objective) && !masking) return undefined;
  const shape: Partial<RunShape> = { arch: arch.label as ModelType, vocabSize: defaults.vocabSize, objective, ...(masking ? { masking } : {}) };
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
  if (takesGeneratorWidth(objective)) {
    const text = await vscode.window.showInputBox({
      title,
      prompt: `Width of the generator that fills the masks, 1–${full.dim} (ELECTRA's small models: a quarter of the discriminator's)`,
      value: String(generatorWidthOf(full)),
      ignoreFocusOut: true,
      validateInput: (value) => checkGeneratorWidth(value, full.dim),
    });
    if (text === undefined) return undefined;
    full.generatorDim = Number(text.trim());
  }
  const go = await vscode.window.showQuickPick(
    [{ label: `$(play) Train: ${describeDuration(estimateSeconds(full))} on a 2-core laptop`, detail: describeShape(full), ok: true }, { label: '$(close) Cancel', ok: false }],
    { title, ignoreFocusOut: true },
  );
  return go?.ok ? full : undefined;
}

/** The new folder's name (a model's, unless `prompt` says what else), checked against the folder it goes in; undefined if dismissed. */
export async function askFolderName(
  title: string,
  suggested: string,
  exists: (name: string) => boolean,
  prompt = 'Name of the new model folder (created in the models folder)',
): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title,
    prompt,
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
