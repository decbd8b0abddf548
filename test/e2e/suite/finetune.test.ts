// Classify Selection and Finetune Model… (driven with preset answers): prompt classification
// with the bundled BERT, a classifier trained from it on the workspace's labelled JSONL (its
// folder, dashboard and head), continued language modelling of a GPT-2 on the workspace text,
// and Stop.
import * as assert from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Classification, ClassifyMethod } from '../../../src/infer/classify';
import type { ClassifySummary } from '../../../src/train/finetune/finetune-classify';
import { activateAndCloseEditors, extension, labelledData, waitFor, workspaceFolder } from './extension';

type Classified = Classification & { method: ClassifyMethod };

const bundledBert = () => path.join(extension().extensionPath, 'models', 'tiny-shakespeare-bert');
const sum = (r: Classification) => r.scores.reduce((a, s) => a + s.probability, 0);

describe('Classify Selection and Finetune Model', function () {
  this.timeout(120_000);
  const models = () => path.join(workspaceFolder(), 'models');
  activateAndCloseEditors();

  it('Classify Selection labels a text with the bundled BERT via template + verbalizer', async () => {
    const result = await vscode.commands.executeCommand<Classified>('pretrainLab.classifySelection', bundledBert(), 'the king is dead',
      { template: '{text} It was [MASK].', verbalizer: 'good=good,bad=bad' });
    assert.ok(result, 'no result');
    assert.strictEqual(result.method, 'masked-LM prompt');
    assert.deepStrictEqual(result.scores.map((s) => s.label).sort(), ['bad', 'good']);
    assert.ok(Math.abs(sum(result) - 1) < 1e-6, JSON.stringify(result.scores));
    console.log(`      bundled BERT: "the king is dead" → ${result.scores.map((s) => `${s.label} ${(s.probability * 100).toFixed(1)}%`).join(', ')}`);
  });

  it('Classify Selection without a head or a prompt says so and returns nothing', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('pretrainLab.classifySelection', bundledBert(), 'the king is dead'), undefined);
  });

  it('finetunes the bundled BERT into a classifier on labelled JSONL, shown in the dashboard', async () => {
    const started = Date.now();
    const summary = await vscode.commands.executeCommand<ClassifySummary>('pretrainLab.finetuneModel', bundledBert(), { task: 'classify', data: labelledData(), name: 'e2e-moods', wait: true });
    assert.ok(summary, 'no summary');
    assert.strictEqual(summary.stopReason, 'completed');
    assert.deepStrictEqual(summary.labels, ['dark', 'light']);
    assert.ok(summary.accuracy !== undefined && summary.macroF1 !== undefined, 'no validation scores');
    console.log(`      ${summary.step} steps in ${Date.now() - started} ms · validation accuracy ${(summary.accuracy * 100).toFixed(0)}%, macro-F1 ${summary.macroF1.toFixed(2)}`);
    const out = path.join(models(), 'e2e-moods');
    const config = JSON.parse(await fs.readFile(path.join(out, 'config.json'), 'utf8')) as { architectures: string[]; id2label: Record<string, string> };
    assert.deepStrictEqual(config.architectures, ['BertForSequenceClassification']);
    assert.deepStrictEqual(Object.values(config.id2label).sort(), ['dark', 'light']);
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Training: e2e-moods'));
    // The new folder is a classifier Classify Selection uses with its own head.
    const result = await vscode.commands.executeCommand<Classified>('pretrainLab.classifySelection', out, 'a sweet and gentle day');
    assert.ok(result, 'no result');
    assert.strictEqual(result.method, 'finetuned head');
    assert.ok(Math.abs(sum(result) - 1) < 1e-6);
  });

  it('refuses a folder name that is taken', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('pretrainLab.finetuneModel', bundledBert(), { task: 'classify', data: labelledData(), name: 'e2e-moods', wait: true }), undefined);
  });

  it('finetunes a decoder (GPT-2) into a classifier that Classify Selection uses with its head', async () => {
    const gpt2 = path.join(models(), 'story-gpt2');
    const summary = await vscode.commands.executeCommand<ClassifySummary>('pretrainLab.finetuneModel', gpt2, { task: 'classify', data: labelledData(), name: 'e2e-gpt2-moods', steps: 4, wait: true });
    assert.ok(summary, 'no summary');
    assert.strictEqual(summary.stopReason, 'completed');
    const out = path.join(models(), 'e2e-gpt2-moods');
    const config = JSON.parse(await fs.readFile(path.join(out, 'config.json'), 'utf8')) as { architectures: string[] };
    assert.deepStrictEqual(config.architectures, ['GPT2ForSequenceClassification']);
    const result = await vscode.commands.executeCommand<Classified>('pretrainLab.classifySelection', out, 'a sweet and gentle day');
    assert.ok(result, 'no result');
    assert.strictEqual(result.method, 'finetuned head');
    assert.ok(Math.abs(sum(result) - 1) < 1e-6);
  });

  it('continues a model\'s language-model training on the workspace text into a new folder', async () => {
    const summary = await vscode.commands.executeCommand<ClassifySummary>('pretrainLab.finetuneModel', path.join(models(), 'story-gpt2'), { task: 'lm', name: 'e2e-story-more', steps: 10, wait: true });
    assert.ok(summary, 'no summary');
    assert.deepStrictEqual([summary.stopReason, summary.step], ['completed', 10]);
    const out = path.join(models(), 'e2e-story-more');
    const config = JSON.parse(await fs.readFile(path.join(out, 'config.json'), 'utf8')) as { model_type: string };
    assert.strictEqual(config.model_type, 'gpt2');
    // Started from the model, not from scratch: its tokenizer is the model's own.
    const vocab = async (folder: string) => (JSON.parse(await fs.readFile(path.join(folder, 'tokenizer.json'), 'utf8')) as { model: { vocab: unknown } }).model.vocab;
    assert.deepStrictEqual(await vocab(out), await vocab(path.join(models(), 'story-gpt2')));
    assert.ok(existsSync(path.join(out, 'corpus_summary.json')));
  });

  it('Cancel Running Job stops a finetuning run, leaving a checkpoint', async () => {
    const out = path.join(models(), 'e2e-moods-stopped');
    const result = vscode.commands.executeCommand<ClassifySummary>('pretrainLab.finetuneModel', bundledBert(), { task: 'classify', data: labelledData(), name: 'e2e-moods-stopped', steps: 100_000, wait: true });
    await waitFor(() => (existsSync(path.join(out, 'training', 'state.json')) ? true : undefined), 60_000);
    assert.strictEqual(await vscode.commands.executeCommand('pretrainLab.cancelRunningJob'), true);
    const summary = await result;
    assert.strictEqual(summary.stopReason, 'cancelled');
    assert.ok(summary.step < 100_000);
  });
});
