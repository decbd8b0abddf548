/**
 * `pretrain-lab eval <model-dir> --corpus <path>`: loss and perplexity of a model on a corpus;
 * `--data <file>`: accuracy and macro-F1 of a classifier (finetuned, or prompted) on labelled data.
 */
import path from 'node:path';
import { defineCommand } from '../args';
import { UsageError } from '../errors';
import type { DeviceRequest } from '../../runtime/execution-provider';
import { promptOf, PROMPT_OPTIONS } from './classify';
import { defineCliCommand, printJson, type CliIo } from './command';
import { modelDirArgument, RUNTIME_OPTIONS } from './common-options';
import { requireModelDir } from './open-model';

const spec = defineCommand({
  name: 'eval',
  summary: 'Evaluate a model: loss and perplexity on a corpus (--corpus), or classification accuracy and macro-F1 on labelled data (--data).',
  positionals: [modelDirArgument('the model folder to evaluate')],
  options: {
    corpus: { type: 'string', valueName: 'path', description: 'folder or file of text to evaluate on' },
    data: { type: 'string', valueName: 'file', description: 'labelled data (.jsonl, .csv or a folder per label): accuracy and macro-F1 of a classifier' },
    textField: { type: 'string', valueName: 'name', description: 'with --data: JSONL key or CSV column of the text (default text)' },
    labelField: { type: 'string', valueName: 'name', description: 'with --data: JSONL key or CSV column of the label (default label)' },
    ...PROMPT_OPTIONS,
    batch: { type: 'int', min: 1, default: 8, description: 'rows per batch' },
    batches: { type: 'int', min: 1, default: 20, description: 'batches of random windows drawn from the corpus' },
    seed: { type: 'int', min: 0, description: 'which windows are drawn (default: the fixed draw training validates on)' },
    context: { type: 'int', min: 2, description: 'tokens per row (default: the context the model was trained with)' },
    ...RUNTIME_OPTIONS,
  },
  examples: ['pretrain-lab eval models/my-gpt --corpus ./docs', 'pretrain-lab eval models/my-bert-reviews --data test.jsonl'],
});

export const evalCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    if (options.data !== undefined && options.corpus !== undefined) throw new UsageError('pretrain-lab eval: give --corpus or --data, not both');
    if (options.data !== undefined) return evaluateData(positionals[0], options.data, options, io);
    if (options.template !== undefined || options.verbalizer !== undefined) throw new UsageError('pretrain-lab eval: --template and --verbalizer go with --data');
    if (options.corpus === undefined) throw new UsageError("pretrain-lab eval: --corpus is required (or --data, for a classifier); see 'pretrain-lab eval --help'");
    const job = io.jobs().start('evaluate', {
      model: path.resolve(positionals[0]),
      corpus: path.resolve(options.corpus),
      batch: options.batch,
      batches: options.batches,
      context: options.context,
      seed: options.seed,
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

async function evaluateData(
  modelDir: string,
  data: string,
  options: { textField?: string; labelField?: string; template?: string; verbalizer?: string; device: DeviceRequest; threads?: number; json: boolean },
  io: CliIo,
): Promise<number> {
  const prompt = promptOf('eval', options);
  const dir = requireModelDir(modelDir);
  const { evaluateLabelled } = await import('../../infer/classifier-eval');
  const r = await evaluateLabelled({ model: dir, data: path.resolve(data), textField: options.textField, labelField: options.labelField, prompt, session: { device: options.device, intraOpNumThreads: options.threads } });
  if (options.json) {
    printJson(io, { event: 'eval', accuracy: r.accuracy, macroF1: r.macroF1, examples: r.examples, majority: r.majority, labels: r.labels });
  } else {
    io.stdout.write(`accuracy ${(100 * r.accuracy).toFixed(1)}%, macro-F1 ${r.macroF1.toFixed(3)} on ${r.examples} examples (majority label: ${(100 * r.majority).toFixed(1)}%)\n`);
  }
  return 0;
}
