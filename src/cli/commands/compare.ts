/**
 * `pretrain-lab compare <corpus> --data <labelled> --out <dir>`: pretrain several (architecture,
 * objective) rows on one corpus under one budget, finetune each on the same labelled data with the
 * same settings and seeds, and print the table (also written as comparison.md and comparison.json).
 * Runs as one job in the job worker; Ctrl-C cancels it (continue later with --resume).
 */
import { defineCommand } from '../args';
import { COMPARE_OPTIONS, compareRequest } from './compare-request';
import { defineCliCommand } from './command';
import { compareOutput } from './compare-output';

const spec = defineCommand({
  name: 'compare',
  summary: 'Compare pretraining objectives: pretrain several rows under one budget, finetune each on labelled data, print the table.',
  positionals: [{ name: 'corpus', description: 'folder or file of unlabelled text every row pretrains on' }],
  options: COMPARE_OPTIONS,
  examples: [
    'pretrain-lab compare data/brown/corpus --data data/brown/genres-train.jsonl --val-data data/brown/genres-val.jsonl --out comparisons/brown --rows bert-mlm,electra-rtd,none --seeds 3',
    'pretrain-lab compare ./docs --data tickets.csv --text-field body --label-field team --out comparisons/tickets --minutes 5',
    'pretrain-lab compare ./docs --data tickets.csv --out comparisons/tickets --resume',
  ],
});

export const compareCommand = defineCliCommand({
  spec,
  async run(args, io) {
    const output = compareOutput(io, args.options.json);
    const job = io.jobs().start('compare', compareRequest(args), (e) => output.event(e));
    io.onInterrupt(() => job.cancel());
    output.done(await job.result);
    return 0;
  },
});
