/**
 * `pretrain-lab finetune <model-dir> --task classify|lm --out <dir>`: start from a model
 * folder's weights and tokenizer. `classify` puts a classification head on it and trains on
 * labelled data (accuracy and macro-F1 at each evaluation); `lm` continues its pretraining
 * objective on a corpus (the pretrain job, started from the weights). Both run in the job
 * worker with the pretrain command's output, cancellation and --resume.
 */
import path from 'node:path';
import { defineCommand } from '../args';
import { UsageError } from '../errors';
import type { ClassifySummary, FinetuneClassifyRequest } from '../../train/finetune/finetune-classify';
import { listLabels } from '../../train/finetune/label-list';
import type { ClassifyFlags } from '../../train/finetune/finetune-hyperparams';
import { HYPERPARAM_FLAGS, HYPERPARAM_KEYS, type RunHyperparams } from '../../train/run/training-flags';
import { defineCliCommand, type CliIo } from './command';
import { modelDirArgument } from './common-options';
import { runPretrainJob } from './pretrain';
import { finetuneOptions, givenHyperparams, RUN_SETTING_OPTIONS } from './train-options';
import { trainOutput } from './train-output';

// As in pretrain: no defaults here, so that a flag left out keeps the checkpoint's value on --resume.
const spec = defineCommand({
  name: 'finetune',
  summary: 'Finetune a model folder: a classifier on labelled data (--task classify) or continued pretraining on a corpus (--task lm).',
  positionals: [modelDirArgument('the model folder to start from (ours or a Hugging Face one)')],
  options: {
    task: { type: 'enum', values: ['classify', 'lm'], required: true, description: 'classify: sequence classification; lm: continue pretraining' },
    out: { type: 'string', required: true, valueName: 'dir', description: 'model folder to write' },
    data: { type: 'string', valueName: 'path', description: 'classify: labelled data, .jsonl ({"text","label"}), .csv with a header, or a folder with one sub-folder per label' },
    valData: { type: 'string', valueName: 'path', description: 'classify: validation data in the same form (default: a stratified split of --data)' },
    textField: { type: 'string', valueName: 'name', description: 'classify: JSONL key or CSV column of the text (default text)' },
    labelField: { type: 'string', valueName: 'name', description: 'classify: JSONL key or CSV column of the label (default label)' },
    corpus: { type: 'string', valueName: 'path', description: 'lm: folder or file of text' },
    ...finetuneOptions(),
    ...RUN_SETTING_OPTIONS,
  },
  examples: [
    'pretrain-lab finetune models/my-bert --task classify --data reviews.jsonl --out models/my-bert-reviews --epochs 5',
    'pretrain-lab finetune models/my-bert --task classify --data tickets.csv --text-field body --label-field team --out models/tickets',
    'pretrain-lab finetune models/my-gpt --task lm --corpus ./docs --out models/my-gpt-docs --steps 500',
  ],
});

/** The hyperparameters both tasks take (the flags table's `finetune.tasks: 'both'`). */
const SHARED_KEYS = HYPERPARAM_KEYS.filter((k) => HYPERPARAM_FLAGS[k].finetune?.tasks === 'both');
/** Those only `--task lm` takes. */
const LM_KEYS = HYPERPARAM_KEYS.filter((k) => HYPERPARAM_FLAGS[k].finetune?.tasks === 'lm');

export const finetuneCommand = defineCliCommand({
  spec,
  async run({ positionals, options, given }, io) {
    const pick = (keys: readonly string[]) => givenHyperparams(keys, options, given);
    const common = { out: path.resolve(options.out), settings: { device: options.device, threads: options.threads, maxMinutes: options.maxMinutes }, resume: options.resume };
    const model = path.resolve(positionals[0]);
    if (options.task === 'lm') {
      for (const flag of ['data', 'valData', 'textField', 'labelField', 'epochs'] as const) if (given.has(flag)) throw new UsageError(`pretrain-lab finetune: --${kebab(flag)} is for --task classify; --task lm takes --corpus`);
      if (options.corpus === undefined) throw new UsageError('pretrain-lab finetune: --task lm needs --corpus <path>');
      const hyperparams = pick([...SHARED_KEYS, ...LM_KEYS]) as Partial<RunHyperparams>;
      await runPretrainJob(io, { corpus: path.resolve(options.corpus), from: model, hyperparams, ...common }, options.json);
      return 0;
    }
    const lmOnly = ['corpus', ...LM_KEYS].find((k) => given.has(k as never));
    if (lmOnly) throw new UsageError(`pretrain-lab finetune: --${kebab(lmOnly)} is for --task lm; --task classify takes --data`);
    if (options.data === undefined) throw new UsageError('pretrain-lab finetune: --task classify needs --data <jsonl|csv|folder>');
    const hyperparams = pick([...SHARED_KEYS, 'epochs']) as ClassifyFlags;
    const request: FinetuneClassifyRequest = {
      model,
      data: path.resolve(options.data),
      ...(options.valData !== undefined ? { valData: path.resolve(options.valData) } : {}),
      textField: options.textField,
      labelField: options.labelField,
      hyperparams,
      ...common,
    };
    await runClassifyJob(io, request, options.json);
    return 0;
  },
});

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

async function runClassifyJob(io: CliIo, request: FinetuneClassifyRequest, json: boolean): Promise<ClassifySummary> {
  const output = trainOutput(io, json);
  const job = io.jobs().start('finetuneClassify', request, (e) => output.event(e));
  io.onInterrupt(() => job.cancel());
  const summary = await job.result;
  output.done(summary);
  if (!json && summary.accuracy !== undefined) {
    io.stdout.write(`Validation accuracy ${(100 * summary.accuracy).toFixed(1)}%, macro-F1 ${summary.macroF1!.toFixed(3)} over ${summary.labels.length} labels (${listLabels(summary.labels)})\n`);
  }
  return summary;
}
