/** `pretrain-lab attention <model-dir> --text TEXT --out file.json|file.html`. */
import { writeFileSync } from 'node:fs';
import { defineCommand, type ParsedCommand } from '../args';
import { InputError } from '../errors';
import { openCausalLm } from './open-model';
import path from 'node:path';

export const attentionCommand = defineCommand({
  name: 'attention',
  summary: 'Write the attention maps of every layer and head for a text (JSON, or a self-contained HTML view)',
  positionals: [{ name: 'model-dir', description: 'A model folder' }],
  options: {
    text: { type: 'string', required: true, description: 'The text to run through the model', valueName: 'text' },
    out: { type: 'string', required: true, description: 'Output file: .json for data, .html for a viewer', valueName: 'file' },
    threads: { type: 'int', min: 1, max: 256, description: 'Intra-op threads' },
  },
  examples: ['pretrain-lab attention models/tiny-gpt2 --text "To be, or not to be" --out attention.html'],
});

export async function runAttention(cmd: ParsedCommand<typeof attentionCommand.options>): Promise<void> {
  const { text, out, threads } = cmd.options;
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.json' && ext !== '.html') throw new InputError(`attention: --out must end in .json or .html, got '${out}'`);
  const { lm } = await openCausalLm(cmd.positionals[0], { threads });
  try {
    const [{ causalAttentionReport }, { attentionHtml }] = await Promise.all([import('../../infer/causal-attention'), import('../../infer/attention-html')]);
    const report = await causalAttentionReport(lm, text, path.basename(path.resolve(cmd.positionals[0])));
    writeFileSync(out, ext === '.json' ? JSON.stringify(report) : attentionHtml(report));
    process.stdout.write(`wrote ${report.maps.length} layers × ${report.maps[0].weights.length} heads over ${report.queryTokens.length} tokens to ${path.resolve(out)}\n`);
  } finally {
    await lm.release();
  }
}
