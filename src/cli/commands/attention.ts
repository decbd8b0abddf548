/** `pretrain-lab attention <model-dir> --text TEXT --out file.json|file.html`. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineCommand, type ParsedCommand } from '../args';
import { InputError } from '../errors';
import { requireModelDir } from './open-model';

export const attentionCommand = defineCommand({
  name: 'attention',
  summary: 'Write the attention maps of every layer and head for a text (JSON, or a self-contained HTML view)',
  positionals: [{ name: 'model-dir', description: 'A model folder (gpt2: causal; bert: self; t5: self, causal and cross attention)' }],
  options: {
    text: { type: 'string', required: true, description: 'The text to run through the model', valueName: 'text' },
    target: { type: 'string', description: 't5 only: the decoder text (default: the model\'s own greedy output)', valueName: 'text' },
    out: { type: 'string', required: true, description: 'Output file: .json for data, .html for a viewer', valueName: 'file' },
    threads: { type: 'int', min: 1, max: 256, description: 'Intra-op threads' },
  },
  examples: ['pretrain-lab attention models/tiny-gpt2 --text "To be, or not to be" --out attention.html'],
});

export async function runAttention(cmd: ParsedCommand<typeof attentionCommand.options>): Promise<void> {
  const { text, target, out, threads } = cmd.options;
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.json' && ext !== '.html') throw new InputError(`attention: --out must end in .json or .html, got '${out}'`);
  if (!text) throw new InputError('attention: --text is empty; give the text to look at');
  const dir = requireModelDir(cmd.positionals[0]);
  const [{ attentionReportFor }, { attentionHtml }] = await Promise.all([import('../../infer/attention-report'), import('../../infer/attention-html')]);
  let report;
  try {
    report = await attentionReportFor(dir, text, { target, session: { intraOpNumThreads: threads }, model: path.basename(path.resolve(dir)) });
  } catch (err) {
    throw new InputError(`${dir}: ${(err as Error).message}`);
  }
  writeFileSync(out, ext === '.json' ? JSON.stringify(report) : attentionHtml(report));
  const kinds = [...new Set(report.maps.map((m) => m.kind))].join(', ');
  process.stdout.write(`wrote ${kinds} attention (${report.maps.length} maps × ${report.maps[0].weights.length} heads) to ${path.resolve(out)}\n`);
}
