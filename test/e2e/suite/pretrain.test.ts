// Pretrain Model on Workspace (driven with preset answers), Cancel Running Job, Open Training
// Dashboard and Show Corpus Summary, on the fixture workspace's copy.
import * as assert from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainSummary } from '../../../src/train/run/events';
import type { CorpusReport } from '../../../src/host/corpus/corpus-report';
import { extension, waitFor, workspaceFolder } from './extension';

/** Small enough to train in seconds on the 32 KiB excerpt the workspace copy holds. */
const TINY = { arch: 'gpt2', layers: 1, heads: 2, dim: 32, context: 32, batch: 4, vocabSize: 300 };

function tab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
}

describe('Pretrain Model on Workspace', function () {
  this.timeout(180_000);
  const models = () => path.join(workspaceFolder(), 'models');

  before(async () => {
    await extension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Corpus Summary lists what a run reads and every skip with its reason', async () => {
    const report = await vscode.commands.executeCommand<CorpusReport>('pretrainLab.showCorpusSummary');
    assert.ok(report, 'no report');
    assert.ok(report.files >= 3, `only ${report.files} files`);
    assert.ok(report.languages.some((l) => l.language === 'plaintext'), JSON.stringify(report.languages));
    // The models folder (pretrainLab.modelsFolder = "models") holds configs, not text to learn from.
    const models = report.skips.find((s) => s.path === 'models');
    assert.deepStrictEqual(models && [models.folder, models.reason], [true, 'excluded']);
    // The fixture's code/ files carry JSDoc and docstrings: the summary mines them as code/text pairs.
    assert.ok(report.pairs && report.pairs.pairs > 0, `no code/text pairs: ${JSON.stringify(report.pairs)}`);
    assert.ok(report.pairs.languages.some((l) => l.language === 'python') && report.pairs.languages.some((l) => l.language === 'typescript'), JSON.stringify(report.pairs.languages));
    await waitFor(() => tab('Corpus: workspace'));
  });

  it('trains a model from preset answers, writes its folder and shows the dashboard', async () => {
    const started = Date.now();
    const summary = await vscode.commands.executeCommand<TrainSummary>('pretrainLab.pretrainOnWorkspace', { shape: { ...TINY, steps: 20 }, name: 'e2e-gpt2', wait: true });
    assert.ok(summary, 'no summary');
    assert.strictEqual(summary.stopReason, 'completed');
    assert.strictEqual(summary.step, 20);
    console.log(`      20 steps of a 1-layer GPT-2 in ${Date.now() - started} ms (scan, staging, tokenizer and worker start included)`);
    const out = path.join(models(), 'e2e-gpt2');
    for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'corpus_summary.json', 'training/metrics.jsonl']) {
      assert.ok(existsSync(path.join(out, file)), `${file} is missing`);
    }
    await waitFor(() => tab('Training: e2e-gpt2'));
    // The extension host itself never loads ONNX Runtime: training runs in the job worker.
    assert.deepStrictEqual(Object.keys(require.cache).filter((m) => m.includes('onnxruntime')), []);
  });

  it('Cancel Running Job stops a run after the step in flight, leaving a checkpoint', async () => {
    const out = path.join(models(), 'e2e-cancelled');
    const result = vscode.commands.executeCommand<TrainSummary>('pretrainLab.pretrainOnWorkspace', { shape: { ...TINY, steps: 100_000 }, name: 'e2e-cancelled', wait: true });
    // The first checkpoint (step 0) is written once the step graph runs.
    await waitFor(() => (existsSync(path.join(out, 'training', 'state.json')) ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    const asked = Date.now();
    assert.strictEqual(await vscode.commands.executeCommand('pretrainLab.cancelRunningJob'), true);
    const summary = await result;
    console.log(`      stopped at step ${summary.step} ${Date.now() - asked} ms after Cancel`);
    assert.strictEqual(summary.stopReason, 'cancelled');
    assert.ok(summary.step > 0 && summary.step < 100_000);
    const state = JSON.parse(await fs.readFile(path.join(out, 'training', 'state.json'), 'utf8')) as { step: number };
    assert.strictEqual(state.step, summary.step, 'the checkpoint is of the step the run stopped at');
    assert.strictEqual(await vscode.commands.executeCommand('pretrainLab.cancelRunningJob'), false);
  });

  it('Open Training Dashboard re-opens on a finished run, from this session or from its folder', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('pretrainLab.openTrainingDashboard');
    await waitFor(() => tab('Training: e2e-cancelled'));
    await vscode.commands.executeCommand('pretrainLab.openTrainingDashboard', path.join(models(), 'e2e-gpt2'));
    await waitFor(() => tab('Training: e2e-gpt2'));
  });
});
