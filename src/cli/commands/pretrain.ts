/** `pretrain-lab pretrain <corpus> --out <dir> [...]`: a pretraining run in the job worker. */
import path from 'node:path';
import { defineCommand } from '../args';
import { MODEL_TYPES } from '../../models/configs';
import { DEVICE_REQUESTS } from '../../runtime/execution-provider';
import { OBJECTIVES } from '../../train/families';
import { DEFAULT_HYPERPARAMS as D, type RunHyperparams, MAX_THREADS } from '../../train/hyperparams';
import type { TrainSummary } from '../../train/events';
import type { PretrainRequest } from '../../train/pretrain';
import { COMMON_OPTIONS, defineCliCommand, type CliIo } from './command';
import { trainOutput } from './train-output';

// No defaults in the specs: a flag left out must stay undefined so that --resume keeps the
// checkpoint's value. The defaults are those of DEFAULT_HYPERPARAMS, shown in the help text.
const spec = defineCommand({
  name: 'pretrain',
  summary: 'Pretrain a new model on a folder or file of text (or continue one with --resume).',
  positionals: [{ name: 'corpus', description: 'folder or file of text to train on' }],
  options: {
    out: { type: 'string', required: true, valueName: 'model-dir', description: 'model folder to write (Hugging Face layout)' },
    arch: { type: 'enum', values: MODEL_TYPES, description: `model type (default ${D.arch})` },
    objective: { type: 'enum', values: OBJECTIVES, description: 'pretraining objective (default: the model type\'s: gpt2 clm, bert mlm, t5 span)' },
    tokenizer: { type: 'enum', values: ['bpe', 'wordpiece', 'char'], description: 'tokenizer to train (default: bpe for gpt2/t5, wordpiece for bert)' },
    vocabSize: { type: 'int', min: 1, description: `tokenizer vocabulary size, ignored by char (default ${D.vocabSize})` },
    layers: { type: 'int', min: 1, description: `transformer layers (default ${D.layers})` },
    heads: { type: 'int', min: 1, description: `attention heads (default ${D.heads})` },
    dim: { type: 'int', min: 1, description: `model width (default ${D.dim})` },
    context: { type: 'int', min: 2, description: `tokens per training row (default ${D.context})` },
    batch: { type: 'int', min: 1, description: `rows per micro-batch (default ${D.batch})` },
    gradAccum: { type: 'int', min: 1, description: `micro-batches per optimizer step (default ${D.gradAccum})` },
    steps: { type: 'int', min: 1, description: `optimizer steps (default ${D.steps})` },
    lr: { type: 'float', description: `peak learning rate (default ${D.lr})` },
    minLr: { type: 'float', description: `learning rate at the end of the cosine decay (default ${D.minLr})` },
    warmup: { type: 'int', min: 0, description: `linear warmup steps (default ${D.warmup})` },
    weightDecay: { type: 'float', description: `AdamW weight decay (default ${D.weightDecay})` },
    beta1: { type: 'float', description: `AdamW beta1 (default ${D.beta1})` },
    beta2: { type: 'float', description: `AdamW beta2 (default ${D.beta2})` },
    clip: { type: 'float', description: `global gradient-norm clip, 0 = off (default ${D.clip})` },
    dropout: { type: 'float', description: `dropout rate (default ${D.dropout})` },
    valFraction: { type: 'float', description: `share of the corpus held out for validation (default ${D.valFraction})` },
    evalEvery: { type: 'int', min: 0, description: `evaluate every N steps, 0 = only at the end (default ${D.evalEvery})` },
    evalBatches: { type: 'int', min: 1, description: `validation batches per evaluation (default ${D.evalBatches})` },
    checkpointEvery: { type: 'int', min: 0, description: `checkpoint every N steps, 0 = only at the end (default ${D.checkpointEvery})` },
    seed: { type: 'int', min: 0, description: `random seed: same seed, same losses (default ${D.seed})` },
    threads: { type: 'int', min: 1, max: MAX_THREADS, description: 'CPU threads for ONNX Runtime (default: one per core)' },
    device: { type: 'enum', values: DEVICE_REQUESTS, default: 'cpu', description: 'where to train' },
    maxMinutes: { type: 'float', above: 0, description: 'stop with a checkpoint after this many minutes' },
    resume: { type: 'bool', description: 'continue the run checkpointed in --out' },
    maxFileKb: { type: 'int', min: 1, description: 'skip corpus files larger than this many KiB (default 2048); give the same value on --resume' },
    ...COMMON_OPTIONS,
  },
  examples: [
    'pretrain-lab pretrain ./src --out models/my-gpt --steps 500',
    'pretrain-lab pretrain tinyshakespeare.txt --out shakespeare --tokenizer char --dropout 0 --eval-every 250',
    'pretrain-lab pretrain tinyshakespeare.txt --out shakespeare --resume',
  ],
});

const HYPERPARAM_KEYS = Object.keys(D) as (keyof RunHyperparams)[];

export const pretrainCommand = defineCliCommand({
  spec,
  async run({ positionals, options, given }, io) {
    const hyperparams: Partial<RunHyperparams> = {};
    for (const key of HYPERPARAM_KEYS) if (given.has(key as never)) (hyperparams as Record<string, unknown>)[key] = options[key as keyof typeof options];
    const request: PretrainRequest = {
      corpus: path.resolve(positionals[0]),
      out: path.resolve(options.out),
      hyperparams,
      settings: { device: options.device, threads: options.threads, maxMinutes: options.maxMinutes },
      resume: options.resume,
      scan: { maxFileBytes: options.maxFileKb === undefined ? undefined : options.maxFileKb * 1024, raiseMaxFileWith: '--max-file-kb' },
    };
    await runPretrainJob(io, request, options.json);
    return 0;
  },
});

/**
 * Runs the job with its output; Ctrl-C cancels it (it checkpoints and ends normally, so a
 * cancelled run exits 0 and says how to resume). Shared with `demo`.
 */
export async function runPretrainJob(io: CliIo, request: PretrainRequest, json: boolean, plainEveryMs?: number): Promise<TrainSummary> {
  const output = trainOutput(io, json, { plainEveryMs });
  const job = io.jobs().start('pretrain', request, (e) => output.event(e));
  io.onInterrupt(() => job.cancel());
  const summary = await job.result;
  output.done(summary);
  return summary;
}
