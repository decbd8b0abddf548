/** `pretrain-lab generate <model-dir> --prompt TEXT`: streamed text generation with a KV cache. */
import { defineCommand } from '../args';
import { defineCliCommand, printJson } from './command';
import { openCausalLm } from './open-model';
import { modelDirArgument, RUNTIME_OPTIONS, textOptions } from './common-options';
import { textInput } from './text-input';

const spec = defineCommand({
  name: 'generate',
  summary: 'Continue a prompt with a decoder model (gpt2), streaming tokens as they come',
  positionals: [modelDirArgument('A model folder (config.json, model.safetensors, tokenizer.json)')],
  options: {
    ...textOptions('The text to continue', 'prompt', 'Read the prompt from this file instead of --prompt'),
    maxNewTokens: { type: 'int', default: 100, min: 1, max: 100000, description: 'Most tokens to generate' },
    temperature: { type: 'float', default: 0.8, min: 0, max: 100, description: '0 = greedy; higher = more random' },
    topK: { type: 'int', default: 0, min: 0, description: 'Sample among the k most likely tokens (0 = all)' },
    topP: { type: 'float', default: 1, min: 0, max: 1, description: 'Nucleus sampling probability mass (1 = off)' },
    repetitionPenalty: { type: 'float', default: 1, min: 0.01, max: 100, description: '> 1 discourages repeating tokens' },
    stop: { type: 'string', description: 'Stop when the output contains this text', valueName: 'text' },
    seed: { type: 'int', default: 0, description: 'Random seed for sampling' },
    ...RUNTIME_OPTIONS,
  },
  examples: ['pretrain-lab generate models/tiny-gpt2 --prompt "ROMEO:" --max-new-tokens 200', 'pretrain-lab generate models/tiny-gpt2 --prompt-file prompt.txt --json'],
});

export const generateCommand = defineCliCommand({
  spec,
  async run({ positionals, options: o }, io) {
    const prompt = textInput('generate', 'prompt', o.prompt, o.promptFile);
    const { lm, generate } = await openCausalLm(positionals[0], { device: o.device, threads: o.threads });
    try {
      // The prompt is echoed with the first token, so a refused prompt prints only the error.
      let printed: string | undefined;
      const echo = (id: number, text: string) => {
        const delta = text.slice((printed ?? '').length);
        if (o.json) printJson(io, { event: 'token', id, text: delta });
        else io.stdout.write((printed === undefined ? prompt : '') + delta);
        printed = text;
      };
      const result = await generate(lm, prompt, {
        maxNewTokens: o.maxNewTokens,
        temperature: o.temperature,
        topK: o.topK,
        topP: o.topP,
        repetitionPenalty: o.repetitionPenalty,
        stop: o.stop ? [o.stop] : undefined,
        seed: o.seed,
        onToken: echo,
      });
      if (printed === undefined && !o.json) io.stdout.write(prompt);
      const perToken = result.perTokenMs.length ? result.perTokenMs.reduce((a, b) => a + b, 0) / result.perTokenMs.length : 0;
      if (o.json) {
        printJson(io, { event: 'done', text: result.text, tokens: result.ids.length, stoppedBy: result.stoppedBy, firstTokenMs: result.firstTokenMs, msPerToken: perToken });
      } else {
        io.stdout.write('\n');
        io.stderr.write(`${result.ids.length} tokens, first after ${result.firstTokenMs.toFixed(0)} ms, then ${perToken.toFixed(1)} ms/token (stopped: ${result.stoppedBy}; ${lm.provider.used})\n`);
      }
      return 0;
    } finally {
      await lm.release();
    }
  },
});
