/** `pretrain-lab eval <model-dir> --corpus <path>`: loss and perplexity of a model on a corpus. */
import path from 'node:path';
import { defineCommand } from '../args';
import { UsageError } from '../errors';
import { DEVICE_REQUESTS } from '../../runtime/execution-provider';
import { COMMON_OPTIONS, defineCliCommand, printJson } from './command';

const spec = defineCommand({
  name: 'eval',
  summary: "Evaluate a model on a corpus with its pretraining objective: loss and perplexity.",
  positionals: [{ name: 'model-dir', description: 'the model folder to evaluate' }],
  options: {
    corpus: { type: 'string', valueName: 'path', description: 'folder or file of text to evaluate on' },
    data: { type: 'string', valueName: 'file', description: 'labelled data (classification accuracy; not in this version)' },
    batch: { type: 'int', min: 1, default: 8, description: 'rows per batch' },
    batches: { type: 'int', min: 1, default: 20, description: 'batches drawn (with a fixed seed) from the corpus' },
    context: { type: 'int', min: 2, description: 'tokens per row (default: the context the model was trained with)' },
    threads: { type: 'int', min: 1, description: 'CPU threads for ONNX Runtime' },
    device: { type: 'enum', values: DEVICE_REQUESTS, default: 'cpu', description: 'where to run' },
    ...COMMON_OPTIONS,
  },
  examples: ['pretrain-lab eval models/my-gpt --corpus ./docs'],
});

export const evalCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    if (options.data !== undefined) throw new UsageError('pretrain-lab eval: --data (classification accuracy) needs a finetuned classifier, which this version cannot evaluate yet; use --corpus');
    if (options.corpus === undefined) throw new UsageError("pretrain-lab eval: --corpus is required; see 'pretrain-lab eval --help'");
    const job = io.jobs().start('evaluate', {
      model: path.resolve(positionals[0]),
      corpus: path.resolve(options.corpus),
      batch: options.batch,
      batches: options.batches,
      context: options.context,
      session: { device: options.device, intraOpNumThreads: options.threads },
    });
    io.onInterrupt(() => job.cancel());
    const r = await job.result;
    if (options.json) {
      printJson(io, { event: 'eval', loss: r.loss, perplexity: r.perplexity, tokens: r.tokens, context: r.context, ...(r.metrics ? { metrics: r.metrics } : {}) });
    } else {
      const accuracy = r.metrics?.maskedAccuracy !== undefined ? `, masked-token accuracy ${(100 * r.metrics.maskedAccuracy).toFixed(1)}%` : '';
      io.stdout.write(`loss ${r.loss.toFixed(4)}, perplexity ${r.perplexity.toFixed(2)}${accuracy} (${r.tokens} tokens: ${r.batches} batches of ${r.tokens / r.batches / r.context}×${r.context})\n`);
    }
    return 0;
  },
});
