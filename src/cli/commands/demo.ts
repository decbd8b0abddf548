/**
 * `pretrain-lab demo`: the whole story in about two minutes on a 2-core CPU. Pretrains a small
 * character-level GPT on the bundled tiny Shakespeare (printing its falling losses), prints a
 * generated sample and the held-out perplexity, and writes an attention-map HTML file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defineCommand } from '../args';
import { InputError } from '../errors';
import { attentionHtml } from '../../infer/attention-html';
import { causalAttentionReport } from '../../infer/causal-attention';
import { CausalLm } from '../../infer/causal-lm';
import { generate } from '../../infer/generate';
import type { RunHyperparams } from '../../train/run/hyperparams';
import { checkOutputFolder, DEMO_MARKER } from '../../train/checkpoint/output-folder';
import { defineCliCommand, type CliIo } from './command';
import { runPretrainJob } from './pretrain';
import { THREADS_OPTION } from './common-options';

/** Marks a folder the demo made, so that a later demo may replace it (and nothing else). */
const CORPUS = path.join('models', 'corpus', 'tinyshakespeare.txt');

/**
 * nanoGPT's Shakespeare-char model, trained for fewer steps at a higher rate. (Rows of 128
 * characters, for longer samples, trained slower and to a worse loss in the same time.)
 */
const DEMO_RUN: Partial<RunHyperparams> = {
  arch: 'gpt2',
  tokenizer: 'char',
  layers: 4,
  heads: 4,
  dim: 128,
  context: 64,
  batch: 12,
  lr: 2e-3,
  minLr: 2e-4,
  warmup: 50,
  dropout: 0,
  weightDecay: 0.1,
  evalEvery: 100,
  evalBatches: 10,
  checkpointEvery: 200,
  seed: 1337,
};

const spec = defineCommand({
  name: 'demo',
  summary: 'Pretrain a small GPT on tiny Shakespeare (~2 minutes on CPU), then sample it and draw its attention.',
  positionals: [],
  options: {
    out: { type: 'string', valueName: 'dir', description: 'model folder to create (default: pretrain-lab-demo in the temp folder)' },
    steps: { type: 'int', min: 1, default: 600, description: 'training steps' },
    threads: { ...THREADS_OPTION, default: 2 },
    maxMinutes: { type: 'float', above: 0, default: 3, description: 'stop training after this many minutes, whatever the step' },
    prompt: { type: 'string', default: 'ROMEO:', description: 'start of the generated sample' },
  },
  examples: ['pretrain-lab demo', 'pretrain-lab demo --steps 100 --out /tmp/demo'],
});

export const demoCommand = defineCliCommand({
  spec,
  async run({ options }, io) {
    const out = path.resolve(options.out ?? path.join(os.tmpdir(), 'pretrain-lab-demo'));
    checkOutputFolder(out, { acceptForeignFiles: true }); // clearPreviousDemo refuses them, in its own words
    await clearPreviousDemo(out);
    const say = (text: string) => !options.json && io.stdout.write(text + '\n');
    say(`Pretraining a character-level GPT on tiny Shakespeare into ${out}`);
    const request = {
      corpus: bundledCorpus(),
      out,
      hyperparams: { ...DEMO_RUN, steps: options.steps },
      settings: { device: 'cpu' as const, threads: options.threads, maxMinutes: options.maxMinutes },
      resume: false,
    };
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, DEMO_MARKER), 'made by pretrain-lab demo\n');
    const summary = await runPretrainJob(io, request, options.json, 5_000);
    if (summary.stopReason === 'cancelled') return 0;
    await showModel(io, out, options, say, summary.perplexity);
    return 0;
  },
});

async function showModel(io: CliIo, out: string, options: { threads: number; prompt: string; json: boolean }, say: (t: string) => void, perplexity?: number) {
  const lm = await CausalLm.open(out, { intraOpNumThreads: options.threads });
  try {
    const sample = await generate(lm, options.prompt, { maxNewTokens: 300, temperature: 0.8, topK: 40, seed: 1, stopAtEos: false });
    say(`\nSample (temperature 0.8, top-k 40):\n${options.prompt}${sample.text}\n`);
    if (perplexity !== undefined) say(`Perplexity on the held-out 10% of the text: ${perplexity.toFixed(2)} per character (a uniform guess over the alphabet scores ${lm.tokenizer.vocabSize}).`);
    const report = await causalAttentionReport(lm, 'To be, or not to be, that is the question', path.basename(out));
    const htmlPath = path.join(out, 'attention.html');
    await writeFile(htmlPath, attentionHtml(report));
    say(`Attention maps (${report.maps.length} layers) written to ${htmlPath} — open it in a browser.`);
    if (options.json) io.stdout.write(JSON.stringify({ event: 'demo', sample: options.prompt + sample.text, perplexity, attentionHtml: htmlPath, model: out }) + '\n');
  } finally {
    await lm.release();
  }
}

/** The corpus ships in the package: find it above this file (src/cli/commands or dist/). */
function bundledCorpus(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CORPUS);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`the demo corpus ${CORPUS} is missing from this installation`);
  }
}

/** Replaces only a folder an earlier demo made; anything else there is the user's. */
async function clearPreviousDemo(out: string): Promise<void> {
  if (!existsSync(out)) return;
  if (existsSync(path.join(out, DEMO_MARKER))) {
    await rm(out, { recursive: true, force: true });
    return;
  }
  if (readdirSync(out).length > 0) throw new InputError(`--out ${out} exists and was not made by the demo; choose another folder`);
}
