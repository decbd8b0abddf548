/** `pretrain-lab import-run <run-output> --out <model-dir>`: a cluster run's newest checkpoint as a model folder of ours. */
import { defineCommand } from '../args';
import { UsageError } from '../errors';
import { importRun } from '../../cluster/import-run';
import { defineCliCommand, printJson } from './command';

const spec = defineCommand({
  name: 'import-run',
  summary: 'Bring a cluster run (the output folder of an export-run bundle\'s train.py) back as a model folder: prompt, fill-mask, attention, finetune and the dashboard use it.',
  positionals: [{ name: 'run-output', description: "the output folder of the bundle's train.py (checkpoint-<step>/ folders, latest, metrics.jsonl)" }],
  options: {
    out: { type: 'string', valueName: 'dir', description: 'a new folder for the model' },
  },
  examples: ['pretrain-lab import-run cluster/my-gpt/output --out models/my-gpt-cluster'],
});

export const importRunCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    if (options.out === undefined) throw new UsageError("pretrain-lab import-run: --out is required; see 'pretrain-lab import-run --help'");
    const summary = await importRun(positionals[0], options.out);
    if (options.json) printJson(io, { event: 'imported', ...summary });
    else io.stdout.write(`Model folder ${summary.modelDir}: ${summary.modelType} at step ${summary.step} (from ${summary.checkpoint}).\n`);
    return 0;
  },
});
