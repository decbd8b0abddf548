// Compare Pretraining Objectives… and Open Comparison…: a tiny comparison (BERT-MLM, ELECTRA-RTD
// and the no-pretraining baseline, one seed, a few steps) run to the end through the command,
// its table read back from the comparison view as the view drew it; the same comparison
// re-opened from its comparison.json; the wizard answered as a user would; and a comparison
// stopped with Cancel Running Job, then resumed by running it again.
import * as assert from 'node:assert';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparisonSummary } from '../../../src/compare/protocol';
import type { RenderedComparison } from '../../../src/host/panels';
import { activateAndCloseEditors, labelledData, waitFor, workspaceFolder } from './extension';
import { answering } from './wizard-answers';

interface CompareOutcome {
  summary?: ComparisonSummary;
  error?: string;
  table?: RenderedComparison;
}

/** Sizes small enough that every row pretrains and finetunes in seconds. */
const TINY = { layers: 1, heads: 2, dim: 32, context: 16, batch: 4, vocabSize: 200 };
const ROWS = ['bert-mlm', 'electra-rtd', 'none'];

function tab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
}

/** The table has every row, each with an accuracy (a percentage) and a macro-F1. */
function assertScored(table: RenderedComparison | undefined, rows: string[]): void {
  assert.ok(table, 'the view drew no table');
  assert.deepStrictEqual(table.rows.map((r) => r.id), rows);
  const accuracy = table.headers.indexOf('Accuracy');
  const macroF1 = table.headers.indexOf('Macro-F1');
  assert.ok(accuracy > 0 && macroF1 > 0, `headers: ${table.headers.join(' | ')}`);
  for (const row of table.rows) {
    assert.match(row.cells[accuracy], /^\d{1,3}\.\d%$/, `${row.id}: accuracy "${row.cells[accuracy]}"`);
    assert.match(row.cells[macroF1], /^[01]\.\d{3}$/, `${row.id}: macro-F1 "${row.cells[macroF1]}"`);
  }
}

describe('Compare Pretraining Objectives', function () {
  this.timeout(240_000);
  const comparisons = () => path.join(workspaceFolder(), 'models', 'comparisons');
  activateAndCloseEditors();

  it('runs a tiny comparison to the end and the view shows every row with its accuracy and macro-F1', async () => {
    const started = Date.now();
    const outcome = await vscode.commands.executeCommand<CompareOutcome>('pretrainLab.compareObjectives', {
      data: labelledData(), name: 'e2e-compare', rows: ROWS, seeds: [1], budget: { kind: 'flops', referenceSteps: 4 }, model: TINY, finetune: { epochs: 1 }, wait: true,
    });
    assert.ok(outcome?.summary, `no summary: ${outcome?.error ?? 'the command returned nothing'}`);
    assert.strictEqual(outcome.summary.stopReason, 'completed');
    assert.strictEqual(outcome.summary.report.complete, true);
    assert.strictEqual(outcome.summary.report.corpus, workspaceFolder(), 'the report names the workspace, not its staged copy');
    assertScored(outcome.table, ROWS);
    console.log(`      ${ROWS.length} rows in ${Date.now() - started} ms; the view's table:`);
    for (const row of outcome.table!.rows) console.log(`        ${row.cells.join(' | ')}`);
    const out = path.join(comparisons(), 'e2e-compare');
    for (const file of ['comparison.json', 'comparison.md']) assert.ok(existsSync(path.join(out, file)), `${file} is missing`);
    // The comparison folder holds only the comparison: the staged workspace corpus is gone.
    assert.ok(!(await fs.readdir(out)).includes('corpus_summary.json'));
    await waitFor(() => tab('Comparison: e2e-compare'));
    assert.deepStrictEqual(Object.keys(require.cache).filter((m) => m.includes('onnxruntime')), [], 'the extension host never loads ONNX Runtime');
  });

  it('Open Comparison re-opens it from its comparison.json with the same table', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const table = await vscode.commands.executeCommand<RenderedComparison>('pretrainLab.openComparison', path.join(comparisons(), 'e2e-compare', 'comparison.json'));
    assertScored(table, ROWS);
    await waitFor(() => tab('Comparison: e2e-compare'));
  });

  it('runs from the wizard\'s answers: data file, rows, Quick sizes, an equal-FLOPs budget, one seed, a name', async () => {
    const { asked } = await answering(
      [
        { pick: 'A .jsonl or .csv file' },
        { open: labelledData() },
        { pick: /^(BERT — masked language modelling|No pretraining)/ },
        { pick: 'Quick' },
        { pick: 'Equal training FLOPs' },
        { input: '3' },
        { pick: '1 seed' },
        { pick: /^Compare: / },
        { input: 'e2e-compare-wizard' },
      ],
      () => vscode.commands.executeCommand('pretrainLab.compareObjectives'),
    );
    const rows = asked.find((a) => a.text.startsWith('Which pretraining objectives'));
    assert.ok(rows?.items?.some((i) => i.description === 'electra-rtd'), 'the rows come from the compare rows table');
    const report = path.join(comparisons(), 'e2e-compare-wizard', 'comparison.json');
    await waitFor(() => {
      try {
        return (JSON.parse(readFileSync(report, 'utf8')) as { complete: boolean }).complete ? true : undefined;
      } catch {
        return undefined;
      }
    }, 180_000);
    assertScored(await vscode.commands.executeCommand<RenderedComparison>('pretrainLab.openComparison', report), ['bert-mlm', 'none']);
  });

  it('Cancel Running Job stops a comparison; running the command again resumes it to the end', async () => {
    const name = 'e2e-compare-resumed';
    const out = path.join(comparisons(), name);
    const first = vscode.commands.executeCommand<CompareOutcome>('pretrainLab.compareObjectives', {
      data: labelledData(), name, rows: ['bert-mlm', 'none'], seeds: [1], budget: { kind: 'flops', referenceSteps: 400 }, model: TINY, finetune: { epochs: 1 }, wait: true,
    });
    // Pretraining BERT-MLM has checkpointed its first step.
    await waitFor(() => (existsSync(path.join(out, 'bert-mlm', 'seed-1', 'pretrained', 'training', 'state.json')) ? true : undefined), 120_000);
    assert.strictEqual(await vscode.commands.executeCommand('pretrainLab.cancelRunningJob'), true);
    const stopped = await first;
    assert.strictEqual(stopped?.summary?.stopReason, 'cancelled', stopped?.error);
    assert.strictEqual(stopped.summary.report.complete, false);
    assert.ok(stopped.table, 'the view drew the partial table');
    const resumed = await vscode.commands.executeCommand<CompareOutcome>('pretrainLab.compareObjectives', { name, resume: true, wait: true });
    assert.strictEqual(resumed?.summary?.stopReason, 'completed', resumed?.error);
    assertScored(resumed.table, ['bert-mlm', 'none']);
  });
});
