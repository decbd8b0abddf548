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
import { DEVICE_REQUESTS } from '../../runtime/execution-provider';
import type { ClassifySummary, FinetuneClassifyRequest } from '../../train/finetune-classify';
import { listLabels } from '../../train/label-list';
import type { ClassifyFlags } from '../../train/finetune-hyperparams';
import type { RunHyperparams } from '../../train/hyperparams';
import { MAX_THREADS } from '../../train/hyperparams';
import { COMMON_OPTIONS, defineCliCommand, type CliIo } from './command';
import { runPretrainJob } from './pretrain';
import { trainOutput } from './train-output';

// As in pretrain: no defaults here, so that a flag left out keeps the checkpoint's value on --resume.
const spec = defineCommand({
  name: 'finetune',
  summary: 'Finetune a model folder: a classifier on labelled data (--task classify) or continued pretraining on a corpus (--task lm).',
  positionals: [{ name: 'model-dir', description: 'the model folder to start from (ours or a Hugging Face one)' }],
  options: {
    task: { type: 'enum', values: ['classify', 'lm'], required: true, description: 'classify: sequence classification; lm: continue pretraining' },
    out: { type: 'string', required: true, valueName: 'dir', description: 'model folder to write' },
    data: { type: 'string', valueName: 'path', description: 'classify: labelled data, .jsonl ({"text","label"}), .csv with a header, or a folder with one sub-folder per label' },
    valData: { type: 'string', valueName: 'path', description: 'classify: validation data in the same form (default: a stratified split of --data)' },
    textField: { type: 'string', valueName: 'name', description: 'classify: JSONL key or CSV column of the text (default text)' },
    labelField: { type: 'string', valueName: 'name', description: 'classify: JSONL key or CSV column of the label (default label)' },
    corpus: { type: 'string', valueName: 'path', description: 'lm: folder or file of text' },
    epochs: { type: 'float', min: 0, description: 'classify: passes over the training data, when --steps is not given (default 3)' },
    steps: { type: 'int', min: 1, description: 'optimizer steps' },
    batch: { type: 'int', min: 1, description: 'rows per micro-batch (default: classify 16, lm 12)' },
    gradAccum: { type: 'int', min: 1, description: 'micro-batches per optimizer step (default 1)' },
    context: { type: 'int', min: 2, description: "tokens per row (default: classify the longest example's, lm 64; at most the model's positions)" },
    lr: { type: 'float', description: 'peak learning rate (default: classify 5e-4, lm 1e-3)' },
    minLr: { type: 'float', description: 'learning rate at the end of the cosine decay' },
    warmup: { type: 'int', min: 0, description: 'linear warmup steps (default: classify a tenth of the steps)' },
    weightDecay: { type: 'float', description: 'AdamW weight decay' },
    beta1: { type: 'float', description: 'AdamW beta1' },
    beta2: { type: 'float', description: 'AdamW beta2' },
    clip: { type: 'float', description: 'global gradient-norm clip, 0 = off' },
    valFraction: { type: 'float', description: 'share held out for validation (default: classify 0.2, lm 0.1)' },
    evalEvery: { type: 'int', min: 0, description: 'evaluate every N steps, 0 = only at the end (default: classify once per epoch)' },
    evalBatches: { type: 'int', min: 1, description: 'lm: validation batches per evaluation' },
    checkpointEvery: { type: 'int', min: 0, description: 'checkpoint every N steps, 0 = only at the end' },
    seed: { type: 'int', min: 0, description: 'random seed (split, order, initialisation of new weights)' },
    threads: { type: 'int', min: 1, max: MAX_THREADS, description: 'CPU threads for ONNX Runtime' },
    device: { type: 'enum', values: DEVICE_REQUESTS, default: 'cpu', description: 'where to train' },
    maxMinutes: { type: 'float', above: 0, description: 'stop with a checkpoint after this many minutes' },
    resume: { type: 'bool', description: 'continue the run checkpointed in --out' },
    ...COMMON_OPTIONS,
  },
  examples: [
    'pretrain-lab finetune models/my-bert --task classify --data reviews.jsonl --out models/my-bert-reviews --epochs 5',
    'pretrain-lab finetune models/my-bert --task classify --data tickets.csv --text-field body --label-field team --out models/tickets',
    'pretrain-lab finetune models/my-gpt --task lm --corpus ./docs --out models/my-gpt-docs --steps 500',
  ],
});

const SHARED_KEYS = ['steps', 'batch', 'gradAccum', 'context', 'lr', 'minLr', 'warmup', 'weightDecay', 'beta1', 'beta2', 'clip', 'valFraction', 'evalEvery', 'checkpointEvery', 'seed'] as const;

export const finetuneCommand = defineCliCommand({
  spec,
  async run({ positionals, options, given }, io) {
    const pick = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.filter((k) => given.has(k as never)).map((k) => [k, (options as Record<string, unknown>)[k]]));
    const common = { out: path.resolve(options.out), settings: { device: options.device, threads: options.threads, maxMinutes: options.maxMinutes }, resume: options.resume };
    const model = path.resolve(positionals[0]);
    if (options.task === 'lm') {
      for (const flag of ['data', 'valData', 'textField', 'labelField', 'epochs'] as const) if (given.has(flag)) throw new UsageError(`pretrain-lab finetune: --${kebab(flag)} is for --task classify; --task lm takes --corpus`);
      if (options.corpus === undefined) throw new UsageError('pretrain-lab finetune: --task lm needs --corpus <path>');
      const hyperparams = pick([...SHARED_KEYS, 'evalBatches']) as Partial<RunHyperparams>;
      await runPretrainJob(io, { corpus: path.resolve(options.corpus), from: model, hyperparams, ...common }, options.json);
      return 0;
    }
    if (given.has('corpus') || given.has('evalBatches')) throw new UsageError(`pretrain-lab finetune: --${given.has('corpus') ? 'corpus' : 'eval-batches'} is for --task lm; --task classify takes --data`);
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
