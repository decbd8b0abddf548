/** `pretrain-lab export-run <model-dir> --corpus <path> --out <bundle>`: a run packed for torchrun / accelerate. */
import { defineCommand } from '../args';
import { exportRun } from '../../cluster/export-run';
import { defineCliCommand, printJson } from './command';
import { modelDirArgument } from './common-options';

const spec = defineCommand({
  name: 'export-run',
  summary: 'Pack a pretraining run (last checkpoint, tokenized corpus, hyperparameters, train.py) to continue it on a cluster with torchrun or accelerate.',
  positionals: [modelDirArgument('a model folder pretrained here (with its training/ checkpoint and token cache)')],
  options: {
    corpus: { type: 'string', required: true, valueName: 'path', description: 'the folder or file the run was pretrained on (files changed since are tokenized again)' },
    out: { type: 'string', required: true, valueName: 'dir', description: 'a new folder for the bundle' },
    dtype: { type: 'enum', values: ['uint16', 'uint32'], description: 'token shard type (default: uint16 for vocabularies up to 65,536 tokens, else uint32)' },
  },
  examples: ['pretrain-lab export-run models/my-gpt --corpus ./docs --out cluster/my-gpt', 'torchrun --standalone --nproc_per_node 8 cluster/my-gpt/train.py --steps 20000'],
});

export const exportRunCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const summary = await exportRun({
      modelDir: positionals[0],
      corpus: options.corpus,
      out: options.out,
      dtype: options.dtype as 'uint16' | 'uint32' | undefined,
      warn: (message) => io.stderr.write(`warning: ${message}\n`),
    });
    if (options.json) printJson(io, { event: 'exported', ...summary });
    else {
      io.stdout.write(
        `Bundle ${summary.bundle}: ${summary.modelType} ${summary.objective} from step ${summary.step}, ` +
          `${summary.trainTokens} training + ${summary.valTokens} validation tokens (${summary.dtype}); ${summary.tokenized} files tokenized anew.\n` +
          `Launch: torchrun --standalone --nproc_per_node <gpus> ${summary.bundle}/train.py --steps <total steps> (see its README.md)\n`,
      );
    }
    return 0;
  },
});
