/**
 * `pretrain-lab classify <model-dir> --text TEXT`: label probabilities from a finetuned
 * classification head, or, with --template and --verbalizer, from a pretrained model prompted
 * PET-style (a masked LM scores each label word at the [MASK]; a decoder, its likelihood).
 */
import { UsageError } from '../errors';
import { defineCliCommand, printJson } from './command';
import { requireModelDir } from './open-model';
import { modelOnTextCommand, RUNTIME_OPTIONS } from './common-options';
import { textInput } from './text-input';

export const PROMPT_OPTIONS = {
  template: { type: 'string', valueName: 'text', description: 'prompt around the text, with {text} and (for a masked LM) [MASK], e.g. "Review: {text} It was [MASK]."' },
  verbalizer: { type: 'string', valueName: 'label=word,...', description: 'the word that stands for each label, e.g. "positive=great,negative=terrible"' },
} as const;

/** The prompt of --template/--verbalizer, which come together or not at all. */
export function promptOf(command: string, options: { template?: string; verbalizer?: string }) {
  if ((options.template === undefined) !== (options.verbalizer === undefined)) {
    throw new UsageError(`pretrain-lab ${command}: --template and --verbalizer go together`);
  }
  return options.template !== undefined ? { template: options.template, verbalizer: options.verbalizer! } : undefined;
}

const spec = modelOnTextCommand({
  name: 'classify',
  summary: 'Classify a text: with a finetuned classifier, or with a prompt template and verbalizer on a pretrained model.',
  modelDir: 'a finetuned classifier, or (with --template) a masked LM or decoder',
  text: 'the text to classify',
  options: {
    ...PROMPT_OPTIONS,
    ...RUNTIME_OPTIONS,
  },
  examples: [
    'pretrain-lab classify models/my-bert-reviews --text "A wonderful film."',
    'pretrain-lab classify models/my-bert --text "A wonderful film." --template "Review: {text} It was [MASK]." --verbalizer "positive=great,negative=terrible"',
  ],
});

export const classifyCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const dir = requireModelDir(positionals[0]);
    const prompt = promptOf('classify', options);
    const text = textInput('classify', 'text', options.text, options.textFile);
    const { openClassifier } = await import('../../infer/classify');
    const classifier = await openClassifier(dir, prompt, { device: options.device, intraOpNumThreads: options.threads });
    try {
      const result = await classifier.classify(text);
      if (options.json) {
        printJson(io, { event: 'classify', method: classifier.method, ...result });
      } else {
        for (const s of result.scores) io.stdout.write(`${s.probability.toFixed(4)}  ${s.label}\n`);
      }
      return 0;
    } finally {
      await classifier.release();
    }
  },
});
