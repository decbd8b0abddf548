// The families beyond GPT-2 and BERT through the extension as a user drives it: the Pretrain
// wizard's custom path (family, objective, masking, sizes, ELECTRA's generator width) trains
// ELECTRA (replaced-token detection), ALBERT (masked LM + sentence order) and RoBERTa (whole-word
// masking) to finished folders; the model pick (the Models view's listing) shows them with their
// family, ELECTRA's generator/ as a model of its own; the Finetune wizard makes a classifier of
// the ELECTRA discriminator; fill-mask runs on the generator and RoBERTa and is refused, with the
// way to the generator, on the discriminator; the attention explorer draws both networks; and the
// finished run's dashboard gets ELECTRA's objective metrics. Tiny sizes and a few steps each.
import * as assert from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MaskResult } from '../../../src/infer/fill-mask';
import type { Classification, ClassifyMethod } from '../../../src/infer/classify';
import type { TrainSummary } from '../../../src/train/run/events';
import type { ClassifySummary } from '../../../src/train/finetune/finetune-classify';
import { readFinishedRun } from '../../../src/host/runs/run-files';
import { objectiveCharts } from '../../../src/host/runs/objective-charts';
import type { DashboardDrawn } from '../../../src/host/runs/dashboard-drawn';
import { answering, type Answer, type Asked } from './wizard-answers';
import { extension, labelledData, waitFor, workspaceFolder } from './extension';

type Outcome = { tokens: number; renderMs: number } | { error: string };

const STEPS = 8;
/** The custom path's size boxes, in the wizard's order: layers, width, heads, context, batch, steps. */
const TINY_SIZES: Answer[] = ['1', '32', '2', '32', '4', String(STEPS)].map((input) => ({ input }));
const VOCAB_SETTING = 'defaults.vocabSize';

function tab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

describe('New model families through the wizards', function () {
  this.timeout(180_000);
  const models = () => path.join(workspaceFolder(), 'models');
  const electra = () => path.join(models(), 'e2e-electra');
  const generator = () => path.join(electra(), 'generator');
  const config = () => vscode.workspace.getConfiguration('pretrainLab');
  const timings: string[] = [];

  /** Runs the Pretrain wizard with `answers` and waits for the run it starts. */
  async function pretrainThroughWizard(name: string, answers: Answer[]): Promise<{ summary: TrainSummary; asked: string[]; questions: Asked[] }> {
    const started = Date.now();
    const { result, asked } = await answering([{ pick: 'Custom…' }, ...answers, { pick: /^Train: / }, { input: name }], () =>
      vscode.commands.executeCommand<TrainSummary>('pretrainLab.pretrainOnWorkspace', { wait: true }));
    assert.ok(result, 'no summary: the command stopped before training');
    assert.deepStrictEqual([result.stopReason, result.step], ['completed', STEPS]);
    timings.push(`${name} ${Date.now() - started} ms`);
    return { summary: result, asked: asked.map((a) => a.text), questions: asked };
  }

  before(async () => {
    await extension().activate();
    // The custom path takes the vocabulary from the settings; a small one keeps these runs to seconds.
    await config().update(VOCAB_SETTING, 300, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await config().update(VOCAB_SETTING, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    console.log(`      wizard runs (scan, tokenizer, worker and ${STEPS} steps each): ${timings.join(', ')}`);
  });

  it('Pretrain wizard: ELECTRA with a generator of width 8 saves the discriminator and a complete generator/', async () => {
    const { asked, questions } = await pretrainThroughWizard('e2e-electra', [{ pick: 'electra' }, { pick: 'rtd' }, ...TINY_SIZES, { input: '8' }]);
    assert.ok(asked.some((q) => q.startsWith('Width of the generator')), asked.join(' → '));
    const objectives = questions.find((q) => q.text.startsWith('Pretraining objective'))?.items?.map((i) => i.label);
    assert.deepStrictEqual(objectives?.[0], 'rtd', 'ELECTRA offers replaced-token detection first, as its default');
    assert.ok(objectives?.includes('contrastive'), `an encoder with hidden states offers the contrastive objective too: ${objectives}`);
    const disc = await readJson<{ model_type: string; architectures: string[]; hidden_size: number }>(path.join(electra(), 'config.json'));
    const gen = await readJson<{ architectures: string[]; hidden_size: number }>(path.join(generator(), 'config.json'));
    assert.deepStrictEqual([disc.model_type, disc.architectures, disc.hidden_size], ['electra', ['ElectraForPreTraining'], 32]);
    assert.deepStrictEqual([gen.architectures, gen.hidden_size], [['ElectraForMaskedLM'], 8]);
    for (const file of ['model.safetensors', 'tokenizer.json']) assert.ok(existsSync(path.join(generator(), file)), `generator/${file} is missing`);
    await waitFor(() => tab('Training: e2e-electra'));
  });

  it('Pretrain wizard: ALBERT with masked LM + sentence order', async () => {
    const { asked } = await pretrainThroughWizard('e2e-albert', [{ pick: 'albert' }, { pick: 'mlm+sop' }, ...TINY_SIZES]);
    assert.ok(!asked.some((q) => q.startsWith('What the masked LM hides')), 'mlm+sop fixes its own masking: not asked');
    const albert = await readJson<{ model_type: string; architectures: string[] }>(path.join(models(), 'e2e-albert', 'config.json'));
    assert.deepStrictEqual([albert.model_type, albert.architectures], ['albert', ['AlbertForPreTraining']]);
    const run = await readFinishedRun(path.join(models(), 'e2e-albert'));
    assert.ok(run?.metrics.val.some((p) => p.objective?.sentenceOrderAccuracy !== undefined), 'its evaluations report sentence-order accuracy');
  });

  it('Pretrain wizard: RoBERTa with whole-word masking', async () => {
    await pretrainThroughWizard('e2e-roberta', [{ pick: 'roberta' }, { pick: 'mlm' }, { pick: 'whole-word' }, ...TINY_SIZES]);
    const roberta = await readJson<{ model_type: string }>(path.join(models(), 'e2e-roberta', 'config.json'));
    assert.strictEqual(roberta.model_type, 'roberta');
  });

  it('the model pick (the Models view’s listing) shows each with its family, ELECTRA’s generator as a model of its own', async () => {
    const { asked } = await answering([{ pick: /e2e-electra\/generator$/ }], () => vscode.commands.executeCommand('pretrainLab.selectModel'));
    const items = asked[0].items ?? [];
    const described = (name: string) => items.find((i) => i.label === name)?.description ?? '';
    assert.match(described('e2e-electra'), /^electra · 1 layers · 2 heads · width 32/);
    assert.match(described('e2e-electra/generator'), /^electra · 1 layers · 1 heads · width 8/);
    assert.match(described('e2e-albert'), /^albert · /);
    assert.match(described('e2e-roberta'), /^roberta · /);
  });

  it('the dashboard draws ELECTRA’s two losses and its discriminator’s accuracy on replaced vs original tokens', async () => {
    // The extension's snapshot of the run, folded from the job's events as they came, is what the dashboard draws.
    const drawn = await vscode.commands.executeCommand<DashboardDrawn>('pretrainLab.openTrainingDashboard', electra());
    assert.ok(drawn, 'the dashboard reported nothing');
    await waitFor(() => tab('Training: e2e-electra'));
    const chart = (title: string) => drawn.charts.find((c) => c.title === title)?.series;
    assert.deepStrictEqual(chart('Generator and discriminator losses'), [
      'generator loss (MLM), train', 'generator loss (MLM), validation', 'discriminator loss (BCE), train', 'discriminator loss (BCE), validation',
    ]);
    assert.deepStrictEqual(chart('Pretraining accuracy'), [
      'discriminator on replaced tokens, train', 'discriminator on replaced tokens, validation', 'discriminator on original tokens, train', 'discriminator on original tokens, validation',
    ]);
    for (const tile of ['Generator loss (MLM)', 'Discriminator loss (BCE)', 'Discriminator on replaced tokens', 'Discriminator on original tokens']) {
      assert.ok(drawn.stats.includes(tile), `no "${tile}" tile in ${drawn.stats.join(', ')}`);
    }
    console.log(`      dashboard of e2e-electra: ${drawn.charts.map((c) => c.title).join(' · ')}`);
    // After a reload the run is read back from its folder: the same charts come from metrics.jsonl.
    const run = await readFinishedRun(electra());
    assert.ok(run, 'no training record');
    assert.deepStrictEqual(objectiveCharts(run.metrics).map((c) => [c.title, c.series.map((s) => s.label)]), drawn.charts.filter((c) => c.title !== 'Loss' && c.title !== 'Learning rate').map((c) => [c.title, c.series]));
  });

  it('the dashboard draws ALBERT’s masked-token and sentence-order accuracy', async () => {
    const drawn = await vscode.commands.executeCommand<DashboardDrawn>('pretrainLab.openTrainingDashboard', path.join(models(), 'e2e-albert'));
    assert.ok(drawn, 'the dashboard reported nothing');
    assert.deepStrictEqual(drawn.charts.find((c) => c.title === 'Pretraining accuracy')?.series, ['masked-token accuracy, validation', 'sentence-order accuracy, validation']);
  });

  it('Fill Mask runs on ELECTRA’s generator and on RoBERTa, and is refused on the discriminator', async () => {
    const filled = await vscode.commands.executeCommand<MaskResult[]>('pretrainLab.fillMaskAtSelection', generator(), 'the [MASK] of the king');
    assert.ok(filled && filled[0].predictions.length === 5, JSON.stringify(filled));
    const roberta = await vscode.commands.executeCommand<MaskResult[]>('pretrainLab.fillMaskAtSelection', path.join(models(), 'e2e-roberta'), 'the <mask> of the king');
    assert.ok(roberta && roberta[0].predictions.length === 5, JSON.stringify(roberta));
    assert.strictEqual(await vscode.commands.executeCommand('pretrainLab.fillMaskAtSelection', electra(), 'the [MASK] of the king'), undefined);
    await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', generator());
    await waitFor(() => tab('Prompt: e2e-electra/generator'));
  });

  it('the attention explorer draws ELECTRA’s discriminator and its generator', async () => {
    for (const [folder, label] of [[electra(), 'e2e-electra'], [generator(), 'e2e-electra/generator']]) {
      const outcome = await vscode.commands.executeCommand<Outcome>('pretrainLab.showAttention', folder, 'the king is dead');
      assert.ok(outcome && 'tokens' in outcome, `${label}: ${JSON.stringify(outcome)}`);
      assert.ok(outcome.tokens >= 4, `${label}: only ${outcome.tokens} tokens`);
      await waitFor(() => tab(`Attention: ${label}`));
    }
  });

  it('Finetune wizard: a classifier from the ELECTRA discriminator on labelled JSONL, which classifies with its head', async () => {
    const data = labelledData();
    const { result } = await answering([
      { pick: 'Classification from labelled data' },
      { pick: 'A .jsonl or .csv file' },
      { open: data },
      { pick: 'Custom…' },
      { input: '4' },
      { input: '5e-4' },
      { pick: /^Train: / },
      { input: 'e2e-electra-moods' },
    ], () => vscode.commands.executeCommand<ClassifySummary>('pretrainLab.finetuneModel', electra(), { wait: true }));
    assert.ok(result, 'no summary');
    assert.deepStrictEqual([result.stopReason, result.step], ['completed', 4]);
    const out = path.join(models(), 'e2e-electra-moods');
    const clf = await readJson<{ architectures: string[] }>(path.join(out, 'config.json'));
    assert.deepStrictEqual(clf.architectures, ['ElectraForSequenceClassification']);
    const classified = await vscode.commands.executeCommand<Classification & { method: ClassifyMethod }>('pretrainLab.classifySelection', out, 'a sweet and gentle day');
    assert.ok(classified, 'no classification');
    assert.strictEqual(classified.method, 'finetuned head');
  });
});
