// "Pretrain Lab: Compare Pretraining Objectives…": the wizard (or the choice to resume an
// unfinished comparison) → the workspace corpus staged → the `compare` job in the job process
// → the comparison view, a cancellable notification, and Cancel Running Job stop it; running
// the command again offers to resume it where it stopped.
//
// Tests and other extensions can skip the wizard: pass `{ data, name, rows?, seeds?, budget?,
// model?, finetune?, resume?, wait? }` (`wait: true` returns the job's summary and the table the
// view drew once the comparison ends, instead of returning as soon as it starts).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompareRequest, ComparisonBudget, ComparisonSummary } from '../compare/protocol';
import { DEFAULT_ROW_IDS } from '../compare/rows';
import {
  checkBudget, COMPARISONS_FOLDER, compareRequest, comparisonStaging, DEFAULT_FINETUNE, QUICK_MODEL, QUICK_REFERENCE_STEPS, resumeRequest,
  unfinishedComparison, unfinishedComparisons, type CompareFinetune, type CompareModel, type Unfinished,
} from '../host/compare/compare-presets';
import type { ComparisonRun } from '../host/compare/comparisons';
import { comparisonProgressLine, pipelinesDone } from '../host/compare/comparison-state';
import { stageWorkspaceCorpus } from '../host/corpus/workspace-staging';
import type { RenderedComparison } from '../host/panels';
import { readLabelledData } from '../host/runs/finetune-presets';
import { checkFolderName, freeFolderName } from '../host/runs/pretrain-presets';
import type { Services } from '../host/services';
import { defaultShape, executionProvider, modelsFolder, threads } from '../host/settings';
import { runCompareWizard, type CompareAnswers } from './compare-wizard';
import { presetAnswers, refusedAnswers, workspaceFolderToTrainOn } from './training-launch';

export const COMPARE_OBJECTIVES = 'pretrainLab.compareObjectives';
const TITLE = 'Compare Pretraining Objectives';

/** What `wait: true` returns. */
export interface CompareOutcome {
  summary?: ComparisonSummary;
  /** The job's failure, in words. */
  error?: string;
  /** The table as the view drew it at the end. */
  table?: RenderedComparison;
}

/** A new comparison's answers, or an unfinished one to continue. */
type Start = { kind: 'new'; answers: CompareAnswers } | { kind: 'resume'; unfinished: Unfinished };

interface PresetArgs {
  start: Start;
  wait: boolean;
}

/** Preset answers (tests): checked as the wizard checks typed ones; a string says what is wrong. */
function presetArgs(arg: unknown, root: string): PresetArgs | string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { data?: unknown; name?: unknown; rows?: unknown; seeds?: unknown; budget?: unknown; model?: unknown; finetune?: unknown; resume?: unknown; wait?: unknown };
  const wait = a.wait === true;
  if (typeof a.name !== 'string') return 'give the comparison a name';
  const out = path.join(root, a.name.trim());
  if (a.resume === true) {
    const unfinished = unfinishedComparison(out);
    return unfinished ? { start: { kind: 'resume', unfinished }, wait } : `${a.name} is not an unfinished comparison in ${root}`;
  }
  if (typeof a.data !== 'string' || !path.isAbsolute(a.data)) return 'data must be an absolute path to labelled data';
  const rows = Array.isArray(a.rows) && a.rows.every((r) => typeof r === 'string') ? (a.rows as string[]) : [...DEFAULT_ROW_IDS];
  const seeds = Array.isArray(a.seeds) && a.seeds.every((x) => Number.isInteger(x)) ? (a.seeds as number[]) : [1];
  const budget = (a.budget as ComparisonBudget | undefined) ?? { kind: 'flops', referenceSteps: QUICK_REFERENCE_STEPS };
  const budgetProblem = budget.kind === 'flops' || budget.kind === 'minutes'
    ? checkBudget(budget.kind, String(budget.kind === 'flops' ? budget.referenceSteps : budget.minutes))
    : 'budget must be { kind: "flops", referenceSteps } or { kind: "minutes", minutes }';
  if (budgetProblem) return `budget: ${budgetProblem}`;
  const model: CompareModel = { ...QUICK_MODEL, ...(a.model as Partial<CompareModel> | undefined) };
  const finetune: CompareFinetune = { ...DEFAULT_FINETUNE, ...(a.finetune as Partial<CompareFinetune> | undefined) };
  return { start: { kind: 'new', answers: { data: readLabelledData(a.data), rows, seeds, budget, model, finetune, name: a.name.trim() } }, wait };
}

/** With unfinished comparisons about, the first question is whether to continue one. */
async function chooseStart(s: Services, folder: vscode.WorkspaceFolder, root: string): Promise<Start | undefined> {
  const unfinished = unfinishedComparisons(modelsFolder(s.context));
  if (unfinished.length > 0) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: '$(add) New comparison…', detail: 'Choose the labelled data, the rows, the sizes and the budget' },
        ...unfinished.map((u) => ({ label: `$(debug-continue) Resume ${u.name}`, detail: `${u.done} of ${u.total} row × seed pipelines done · rows ${u.plan.rows.join(', ')}`, unfinished: u })),
      ],
      { title: TITLE, placeHolder: 'Start a new comparison, or continue one where it stopped?', ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    if ('unfinished' in picked) return { kind: 'resume', unfinished: picked.unfinished };
  }
  const exists = (name: string) => existsSync(path.join(root, name));
  const answers = await runCompareWizard(TITLE, defaultShape(), (data) => freeFolderName(`${folder.name}-${path.parse(data.path).name}`, exists), exists);
  return answers && { kind: 'new', answers };
}

/** The job's request, with the workspace staged where the comparison reads it; undefined when there is nothing to read. */
async function prepare(s: Services, folder: vscode.WorkspaceFolder, start: Start, root: string) {
  const settings = { device: executionProvider(), threads: threads() };
  const out = start.kind === 'new' ? path.join(root, start.answers.name) : start.unfinished.out;
  const staging = comparisonStaging(s.context.globalStorageUri.fsPath, out);
  // A comparison started elsewhere (the CLI) reads its own corpus folder: nothing to stage.
  if (start.kind === 'resume' && path.resolve(start.unfinished.plan.corpus) !== staging) {
    return { request: resumeRequest(out, start.unfinished.plan, settings), name: start.unfinished.name, cleanup: async () => undefined };
  }
  const corpus = await stageWorkspaceCorpus(s, folder, out, { staging, writeReport: false });
  if (!corpus) return undefined;
  const corpusName = folder.uri.fsPath;
  const request: CompareRequest = start.kind === 'resume'
    ? resumeRequest(out, start.unfinished.plan, settings, corpusName)
    : compareRequest({ ...start.answers, corpus: corpus.folder, corpusName, data: start.answers.data.path, out }, settings);
  return { request, name: path.basename(out), cleanup: corpus.remove };
}

/** A notification with Cancel that follows the comparison and says how it ended. */
function showComparisonProgress(s: Services, run: ComparisonRun): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Comparing ${run.snapshot.name}`, cancellable: true },
    (progress, token) => new Promise<void>((resolve) => {
      let lastPaint = 0;
      const cancel = token.onCancellationRequested(() => s.comparisons.cancel());
      const update = s.comparisons.onDidUpdate(({ run: r }) => {
        if (r !== run || Date.now() - lastPaint < 250) return;
        lastPaint = Date.now();
        progress.report({ message: comparisonProgressLine(run.snapshot) });
      });
      progress.report({ message: comparisonProgressLine(run.snapshot) });
      void run.done.catch(() => undefined).finally(() => {
        cancel.dispose();
        update.dispose();
        resolve();
      });
    }),
  );
  void run.done.then(
    (summary) => {
      const { done, total } = pipelinesDone(run.snapshot);
      const how = summary.stopReason === 'completed' ? 'finished' : `stopped with ${done} of ${total} pipelines done; run the command again to resume it`;
      void vscode.window.showInformationMessage(`Comparison ${run.snapshot.name} ${how}.`);
    },
    (error: unknown) => {
      void vscode.window.showErrorMessage(`Comparison ${run.snapshot.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
}

export function registerCompareObjectives(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMPARE_OBJECTIVES, async (arg?: unknown): Promise<CompareOutcome | undefined> => {
    const folder = await workspaceFolderToTrainOn(s, TITLE, 'A comparison');
    if (!folder) return undefined;
    const root = path.join(modelsFolder(s.context), COMPARISONS_FOLDER);
    const given = presetAnswers(TITLE, () => presetArgs(arg, root));
    if (given === 'refused') return undefined;
    const start = given?.start ?? (await chooseStart(s, folder, root));
    if (!start) return undefined;
    if (start.kind === 'new' && refusedAnswers(TITLE, checkFolderName(start.answers.name, (name) => existsSync(path.join(root, name))))) return undefined;

    const prepared = await prepare(s, folder, start, root);
    if (!prepared) return undefined;
    const run = await s.comparisons.start(prepared.request, prepared.name, prepared.cleanup);
    s.log.info(`comparison ${prepared.name}: rows ${prepared.request.rows.map((r) => r.id).join(', ')} · seeds ${prepared.request.seeds.join(', ')}${prepared.request.resume ? ' (resumed)' : ''} → ${prepared.request.out}`);
    const drawn = s.panels.showComparison({ kind: 'live', run });
    showComparisonProgress(s, run);
    if (!given?.wait) return undefined;
    const ended = await run.done.then((summary) => ({ summary }), (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
    return { ...ended, table: await drawn };
  });
}
