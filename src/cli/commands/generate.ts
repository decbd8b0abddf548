/** `pretrain-lab generate <model-dir> --prompt TEXT`: streamed text generation with a KV cache. */
import { defineCommand, type ParsedCommand } from '../args';
import { InputError } from '../errors';
import { openCausalLm } from './open-model';
import { DEVICE_REQUESTS } from '../../runtime/execution-provider';

export const generateCommand = defineCommand({
  name: 'generate',
  summary: 'Continue a prompt with a decoder model (gpt2), streaming tokens as they come',
  positionals: [{ name: 'model-dir', description: 'A model folder (config.json, model.safetensors, tokenizer.json)' }],
  options: {
    prompt: { type: 'string', required: true, description: 'The text to continue', valueName: 'text' },
    maxNewTokens: { type: 'int', default: 100, min: 1, max: 100000, description: 'Most tokens to generate' },
    temperature: { type: 'float', default: 0.8, min: 0, max: 100, description: '0 = greedy; higher = more random' },
    topK: { type: 'int', default: 0, min: 0, description: 'Sample among the k most likely tokens (0 = all)' },
    topP: { type: 'float', default: 1, min: 0, max: 1, description: 'Nucleus sampling probability mass (1 = off)' },
    repetitionPenalty: { type: 'float', default: 1, min: 0.01, max: 100, description: '> 1 discourages repeating tokens' },
    stop: { type: 'string', description: 'Stop when the output contains this text', valueName: 'text' },
    seed: { type: 'int', default: 0, description: 'Random seed for sampling' },
    threads: { type: 'int', min: 1, max: 256, description: 'Intra-op threads (default: ONNX Runtime decides)' },
    device: { type: 'enum', values: DEVICE_REQUESTS, default: 'cpu', description: 'where to run' },
    json: { type: 'bool', description: 'Print one JSON object per token and a final one' },
  },
  examples: ['pretrain-lab generate models/tiny-gpt2 --prompt "ROMEO:" --max-new-tokens 200'],
});

export async function runGenerate(cmd: ParsedCommand<typeof generateCommand.options>): Promise<void> {
  const o = cmd.options;
  if (!o.prompt) throw new InputError('generate: --prompt is empty; give some text to continue');
  const { lm, generate } = await openCausalLm(cmd.positionals[0], { device: o.device, threads: o.threads });
  try {
    if (!o.json) process.stdout.write(o.prompt);
    const result = await generate(lm, o.prompt, {
      maxNewTokens: o.maxNewTokens,
      temperature: o.temperature,
      topK: o.topK,
      topP: o.topP,
      repetitionPenalty: o.repetitionPenalty,
      stop: o.stop ? [o.stop] : undefined,
      seed: o.seed,
      onToken: (() => {
        let printed = '';
        return (id: number, text: string) => {
          if (o.json) process.stdout.write(JSON.stringify({ event: 'token', id, text: text.slice(printed.length) }) + '\n');
          else process.stdout.write(text.slice(printed.length));
          printed = text;
        };
      })(),
    });
    const perToken = result.perTokenMs.length ? result.perTokenMs.reduce((a, b) => a + b, 0) / result.perTokenMs.length : 0;
    if (o.json) {
      process.stdout.write(JSON.stringify({ event: 'done', text: result.text, tokens: result.ids.length, stoppedBy: result.stoppedBy, firstTokenMs: result.firstTokenMs, msPerToken: perToken }) + '\n');
    } else {
      process.stdout.write('\n');
      process.stderr.write(`${result.ids.length} tokens, first after ${result.firstTokenMs.toFixed(0)} ms, then ${perToken.toFixed(1)} ms/token (stopped: ${result.stoppedBy}; ${lm.provider.used})\n`);
    }
  } finally {
    await lm.release();
  }
}
