/**
 * A tiny GPT-2 model folder for inference tests: a BPE tokenizer trained on a short text and
 * a 2-layer model trained on it for a few dozen steps (so its predictions are not uniform),
 * saved in the Hugging Face layout with onnx/model.onnx.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Gpt2Config } from '../../src/models/configs';
import { exportGpt2Onnx } from '../../src/models/gpt2/export-onnx';
import { initialWeights } from "../../src/nn/params";
import { flatWeights, saveModelFolder, type ShapedWeights } from '../../src/models/model-folder';
import { trainTokenizer } from '../../src/tokenizer';
import { causalLmForward } from '../../src/train/forward-clm';
import { buildStepGraph } from '../../src/train/step/step-graph';
import { StepSession, freshTrainState } from '../../src/train/step/step-session';
import { Rng } from '../../src/util/rng';
import { tinyGpt2Config } from './tiny-gpt2';

export const TINY_TEXT = [
  'the cat sat on the mat and the dog sat on the log.',
  'a bird sang in the tree while the sun rose over the hill.',
  'the quick brown fox jumps over the lazy dog again and again.',
  'we read the book, then we wrote a story about the sea.',
].join('\n');

export interface TinyFolder {
  dir: string;
  config: Gpt2Config;
  weights: ShapedWeights;
}

export async function makeTinyGpt2Folder(steps = 60, overrides: Partial<Gpt2Config> = {}): Promise<TinyFolder> {
  const tokenizer = trainTokenizer('bpe', [TINY_TEXT.repeat(3)], { vocabSize: 300, minFrequency: 2 });
  const eos = tokenizer.tokenToId('<|endoftext|>') ?? 0;
  const config = tinyGpt2Config({ vocab_size: tokenizer.vocabSize, n_positions: 64, n_embd: 32, n_head: 4, bos_token_id: eos, eos_token_id: eos, ...overrides });
  const [B, T] = [4, 24];
  const stepGraph = buildStepGraph(causalLmForward(config, B, T), { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, clipNorm: 1 });
  const session = await StepSession.create(stepGraph, freshTrainState(stepGraph.params, initialWeights(stepGraph.params, 2)), { intraOpNumThreads: 1 });
  const ids = Int32Array.from(tokenizer.encode(TINY_TEXT.repeat(4)));
  const rng = new Rng(3);
  for (let s = 0; s < steps; s++) {
    const x = new Int32Array(B * T);
    const y = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const start = rng.int(ids.length - T - 1);
      x.set(ids.subarray(start, start + T), b * T);
      y.set(ids.subarray(start + 1, start + T + 1), b * T);
    }
    await session.run({ input_ids: { dtype: 'int32', shape: [B, T], data: x }, labels: { dtype: 'int32', shape: [B, T], data: y } }, 1e-2);
  }
  await session.release();
  const weights: ShapedWeights = new Map(
    stepGraph.params.map((spec) => [spec.name, { shape: spec.shape, data: Float32Array.from(session.state.params.get(spec.name)!) }]),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-gpt2-'));
  await saveModelFolder(dir, { config: { ...config, architectures: ['GPT2LMHeadModel'] }, weights, tokenizer, onnx: { 'onnx/model.onnx': exportGpt2Onnx(config, flatWeights(weights)) } });
  return { dir, config, weights };
}

