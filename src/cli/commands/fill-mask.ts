/** `pretrain-lab fill-mask <model-dir> --text "... [MASK] ..."`: a masked LM's top-k guesses for each mask. */
import { withMaskToken } from '../../infer/mask-token';
import { InputError } from '../errors';
import { isSequenceClassifier } from '../../models/configs';
import { openModelFolder } from '../../models/open-model';
import { familiesWith, familyForTask, typeList } from '../../models/registry';
import { defineCliCommand, printJson } from './command';
import { requireModelDir } from './open-model';
import { modelOnTextCommand, RUNTIME_OPTIONS } from './common-options';
import { textInput } from './text-input';

const spec = modelOnTextCommand({
  name: 'fill-mask',
  summary: `Predict the tokens at each [MASK] of a text with a masked LM (${typeList(familiesWith('fillMask'))}), with their probabilities.`,
  modelDir: 'a masked-LM model folder',
  text: "text with one or more masks: the tokenizer's mask token, or [MASK] / <mask> for any masked LM",
  options: {
    topK: { type: 'int', min: 1, max: 1000, default: 5, description: 'predictions per mask' },
    ...RUNTIME_OPTIONS,
  },
  examples: ['pretrain-lab fill-mask models/my-bert --text "The capital of France is [MASK]." --top-k 3'],
});

export const fillMaskCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const text = textInput('fill-mask', 'text', options.text, options.textFile);
    const dir = requireModelDir(positionals[0]);
    const opened = await openModelFolder(dir);
    familyForTask(opened.config, 'fillMask', dir);
    if (isSequenceClassifier(opened.config)) throw new InputError(`${dir} is a finetuned classifier without its masked-LM head; use 'classify' with it`);
    const { FillMask } = await import('../../infer/fill-mask');
    const model = await FillMask.open(opened, { device: options.device, intraOpNumThreads: options.threads });
    try {
      const mask = model.tokenizer.specialTokens.mask!;
      if (!withMaskToken(text, mask).includes(mask)) throw new InputError(`fill-mask: --text has no ${mask}; write ${mask} where a token should be predicted`);
      const results = await model.run(text, options.topK);
      if (options.json) {
        printJson(io, { event: 'fill-mask', text, masks: results });
        return 0;
      }
      for (const [i, r] of results.entries()) {
        if (results.length > 1) io.stdout.write(`${mask} ${i + 1} (token ${r.position}):\n`);
        for (const p of r.predictions) io.stdout.write(`${p.score.toFixed(4)}  ${JSON.stringify(p.tokenStr)}  ${p.sequence}\n`);
      }
      return 0;
    } finally {
      await model.release();
    }
  },
});
