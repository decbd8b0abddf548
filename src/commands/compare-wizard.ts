// The Compare Pretraining Objectives wizard: the labelled data every row is finetuned on, the
// rows (the usual six picked), the sizes (a preset), the budget (equal FLOPs or equal minutes),
// the seeds, a last look at how long it takes on a 2-core laptop, then the comparison's name.
// The corpus is the workspace folder, chosen by the command.
import * as vscode from 'vscode';
import type { ComparisonBudget } from '../compare/protocol';
import {
  budgetOf, checkBudget, comparePresets, DEFAULT_FINETUNE, describeBudgetChoice, describeModel, estimateComparisonSeconds, rowChoices, rowSpecs,
  type CompareFinetune, type CompareModel, type ComparePreset,
} from '../host/compare/compare-presets';
import type { LabelledData } from '../host/runs/finetune-presets';
import { describeDuration, type RunShape } from '../host/runs/pretrain-presets';
import { pickLabelledData } from './finetune-wizard';
import { askFolderName } from './pretrain-wizard';

export interface CompareAnswers {
  data: LabelledData;
  rows: string[];
  model: CompareModel;
  finetune: CompareFinetune;
  budget: ComparisonBudget;
  seeds: number[];
  name: string;
}

async function pickRows(title: string): Promise<string[] | undefined> {
  const items = rowChoices().map(({ row, picked }) => ({ label: row.label, description: row.id, picked, id: row.id }));
  const chosen = await vscode.window.showQuickPick(items, {
    title, placeHolder: 'Which pretraining objectives? (the no-pretraining baseline shows what pretraining adds)', canPickMany: true, ignoreFocusOut: true,
  });
  if (!chosen) return undefined;
  if (chosen.length === 0) {
    void vscode.window.showWarningMessage(`${title}: pick at least one row.`);
    return undefined;
  }
  // In the table's order, not the order of clicks.
  return items.filter((i) => chosen.includes(i)).map((i) => i.id);
}

async function pickSizes(title: string, standard: RunShape): Promise<ComparePreset | undefined> {
  const picked = await vscode.window.showQuickPick(
    comparePresets(standard).map((p) => ({
      label: `$(${p.id === 'quick' ? 'zap' : 'settings-gear'}) ${p.label}`,
      detail: describeModel(p.model) + (p.id === 'standard' ? ' (from the pretrainLab.defaults settings)' : ''),
      preset: p,
    })),
    { title, placeHolder: 'How big are the models? Every row gets the same sizes', ignoreFocusOut: true },
  );
  return picked?.preset;
}

async function pickBudget(title: string, preset: ComparePreset): Promise<ComparisonBudget | undefined> {
  // (A QuickPickItem's own `kind` is its separator flag, hence `budget`.)
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(symbol-numeric) Equal training FLOPs', detail: 'Every row may spend what BERT-MLM spends in a number of steps (the fair comparison of objectives)', budget: 'flops' as const },
      { label: '$(watch) Equal time', detail: 'Every row pretrains for the same minutes on this machine', budget: 'minutes' as const },
    ],
    { title, placeHolder: 'How much pretraining does each row get?', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  const kind = picked.budget;
  const flops = kind === 'flops';
  const text = await vscode.window.showInputBox({
    title,
    prompt: flops ? 'BERT-MLM steps whose FLOPs every row gets' : 'Minutes of pretraining per row and seed',
    value: flops ? String(preset.referenceSteps) : '1',
    ignoreFocusOut: true,
    validateInput: (value) => checkBudget(kind, value),
  });
  return text === undefined ? undefined : budgetOf(kind, text);
}

async function pickSeeds(title: string): Promise<number[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: '1 seed', detail: 'Fastest; no spread to judge the differences by', count: 1 },
      { label: '3 seeds', detail: 'Each row runs three times: the spread shows which differences are real', count: 3 },
      { label: '5 seeds', detail: 'Tighter spread, five times the time', count: 5 },
    ],
    { title, placeHolder: 'How many seeds? Each seed runs every row, pretraining and finetuning', ignoreFocusOut: true },
  );
  return picked && Array.from({ length: picked.count }, (_, i) => i + 1);
}

async function confirm(title: string, answers: Omit<CompareAnswers, 'name'>): Promise<boolean> {
  const seconds = estimateComparisonSeconds(rowSpecs(answers.rows), answers.seeds.length, answers.model, answers.budget, answers.finetune, answers.data);
  const detail = `${answers.rows.length} rows × ${answers.seeds.length} seed${answers.seeds.length === 1 ? '' : 's'} · ${describeBudgetChoice(answers.budget)} · ${describeModel(answers.model)}`;
  const go = await vscode.window.showQuickPick(
    [{ label: `$(play) Compare: ${describeDuration(seconds)} on a 2-core laptop`, detail, ok: true }, { label: '$(close) Cancel', ok: false }],
    { title, ignoreFocusOut: true },
  );
  return go?.ok === true;
}

export async function runCompareWizard(title: string, standard: RunShape, suggestedName: (data: LabelledData) => string, exists: (name: string) => boolean): Promise<CompareAnswers | undefined> {
  const data = await pickLabelledData(title);
  if (!data) return undefined;
  const rows = await pickRows(title);
  if (!rows) return undefined;
  const preset = await pickSizes(title, standard);
  if (!preset) return undefined;
  const budget = await pickBudget(title, preset);
  if (!budget) return undefined;
  const seeds = await pickSeeds(title);
  if (!seeds) return undefined;
  const answers = { data, rows, model: preset.model, finetune: DEFAULT_FINETUNE, budget, seeds };
  if (!(await confirm(title, answers))) return undefined;
  const name = await askFolderName(title, suggestedName(data), exists, 'Name of the comparison (a folder in the models folder’s comparisons/)');
  return name === undefined ? undefined : { ...answers, name };
}
