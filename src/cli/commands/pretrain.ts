/** `pretrain-lab pretrain <corpus> --out <dir> [...]`: a pretraining run in the job worker. */
import path from 'node:path';
import { defineCommand } from '../args';
import type { TrainSummary } from '../../train/run/events';
import type { PretrainRequest } from '../../train/run/pretrain';
import { HYPERPARAM_KEYS, type RunHyperparams } from '../../train/run/training-flags';
import { defineCliCommand, type CliIo } from './command';
import { givenHyperparams, pretrainOptions, RUN_SETTING_OPTIONS } from './train-options';
import { trainOutput } from './train-output';

const spec = defineCommand({
  name: 'pretrain',
  summary: 'Pretrain a new model on a folder or file of text (or continue one with --resume).',
  positionals: [{ name: 'corpus', description: 'folder or file of text to train on' }],
  options: {
    out: { type: 'string', required: true, valueName: 'model-dir', description: 'model folder to write (Hugging Face layout)' },
    ...pretrainOptions(),
    ...RUN_SETTING_OPTIONS,
    generatorDim: { type: 'int', min: 1, valueName: 'n', description: "--arch electra: the generator's width (default a quarter of --dim), kept in config.json" },
    maxFileKb: { type: 'int', min: 1, description: 'skip corpus files larger than this many KiB (default 2048); give the same value on --resume' },
  },
  examples: [
    'pretrain-lab pretrain ./src --out models/my-gpt --steps 500',
    'pretrain-lab pretrain tinyshakespeare.txt --out shakespeare --tokenizer char --dropout 0 --eval-every 250',
    'pretrain-lab pretrain tinyshakespeare.txt --out shakespeare --resume',
  ],
});

export const pretrainCommand = defineCliCommand({
  spec,
  async run({ positionals, options, given }, io) {
    const request: PretrainRequest = {
      corpus: path.resolve(positionals[0]),
      out: path.resolve(options.out),
      hyperparams: givenHyperparams(HYPERPARAM_KEYS, options, given) as Partial<RunHyperparams>,
      settings: { device: options.device, threads: options.threads, maxMinutes: options.maxMinutes },
      resume: options.resume,
      generatorDim: options.generatorDim,
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
