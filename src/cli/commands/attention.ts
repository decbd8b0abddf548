/** `pretrain-lab attention <model-dir> --text TEXT --out file.json|file.html`. */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { defineCliCommand, printJson } from './command';
import { requireModelDir } from './open-model';
import { modelOnTextCommand, THREADS_OPTION } from './common-options';
import { textInput } from './text-input';
import { FAMILIES } from '../../models/registry';
import { formatList } from '../../util/format';

/** "gpt2: causal; bert, roberta: self; t5: self, causal and cross": what each family's report shows, from the registry. */
export function attentionsByFamily(): string {
  const typesByKinds = new Map<string, string[]>();
  for (const family of FAMILIES) {
    const kinds = formatList(family.attention);
    typesByKinds.set(kinds, [...(typesByKinds.get(kinds) ?? []), family.modelType]);
  }
  return [...typesByKinds].map(([kinds, types]) => `${types.join(', ')}: ${kinds}`).join('; ');
}

const spec = modelOnTextCommand({
  name: 'attention',
  summary: 'Write the attention maps of every layer and head for a text (JSON, or a self-contained HTML view).',
  modelDir: `A model folder (${attentionsByFamily()} attention)`,
  text: 'The text to run through the model',
  options: {
    target: { type: 'string', description: 't5 only: the decoder text (default: the model\'s own greedy output)', valueName: 'text' },
    out: { type: 'string', required: true, description: 'Output file: .json for data, .html for a viewer', valueName: 'file' },
    threads: THREADS_OPTION,
  },
  examples: ['pretrain-lab attention models/tiny-gpt2 --text "To be, or not to be" --out attention.html'],
});

/** The folder --out goes into must exist: checked before the model runs, not after. */
function requireOutFolder(out: string): void {
  const folder = path.dirname(path.resolve(out));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // reported below
  }
  if (!isFolder) throw new InputError(`attention: --out ${out}: the folder ${folder} does not exist; create it or write elsewhere`);
}

export const attentionCommand = defineCliCommand({
  spec,
  async run({ positionals, options }, io) {
    const { target, out, threads } = options;
    const ext = path.extname(out).toLowerCase();
    if (ext !== '.json' && ext !== '.html') throw new InputError(`attention: --out must end in .json or .html, got '${out}'`);
    requireOutFolder(out);
    const text = textInput('attention', 'text', options.text, options.textFile);
    const dir = requireModelDir(positionals[0]);
    const [{ attentionReportFor }, { attentionHtml }] = await Promise.all([import('../../infer/attention-report'), import('../../infer/attention-html')]);
    let report;
    try {
      report = await attentionReportFor(dir, text, { target, session: { intraOpNumThreads: threads }, model: path.basename(path.resolve(dir)) });
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`${dir}: ${(err as Error).message}`);
    }
    writeFileSync(out, ext === '.json' ? JSON.stringify(report) : attentionHtml(report));
    const kinds = [...new Set(report.maps.map((m) => m.kind))];
    const heads = report.maps[0].weights.length;
    if (options.json) printJson(io, { event: 'attention', path: path.resolve(out), kinds, maps: report.maps.length, heads });
    else io.stdout.write(`wrote ${kinds.join(', ')} attention (${report.maps.length} maps × ${heads} heads) to ${path.resolve(out)}\n`);
    return 0;
  },
});
