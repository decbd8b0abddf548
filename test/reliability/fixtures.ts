/**
 * The intact files the fuzz tests mutate: a tiny GPT-2 model folder (config, BPE tokenizer,
 * weights, ONNX export) and a checkpoint of it (`training/`), built once per mocha run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { saveModelFolder } from '../../src/models/model-folder';
import type { Gpt2Config } from '../../src/models/configs';
import { exportGpt2Onnx } from '../../src/models/gpt2/export-onnx';
import { initialWeights, type ParamSpec } from '../../src/nn/params';
import { trainTokenizer } from '../../src/tokenizer';
import { writeCheckpoint } from '../../src/train/checkpoint/checkpoint';
import { causalLmForward } from '../../src/train/forward-clm';
import { DEFAULT_HYPERPARAMS } from '../../src/train/run/hyperparams';
import { paramSpecsOf } from '../../src/train/step/param-specs';
import { freshTrainState } from '../../src/train/step/step-session';
import { Rng } from '../../src/util/rng';
import { tinyGpt2Config } from '../helpers/tiny-gpt2';
import { TINY_TEXT } from '../helpers/tiny-gpt2-folder';
import { writeFolder } from './fuzz-harness';

export interface ModelFixture {
  /** Every file of the folder (training/ included), relative path → bytes. */
  files: Record<string, Uint8Array>;
  config: Gpt2Config;
  specs: ParamSpec[];
}

let cached: Promise<ModelFixture> | undefined;

export function modelFixture(): Promise<ModelFixture> {
  cached ??= build();
  return cached;
}

async function build(): Promise<ModelFixture> {
  const tokenizer = trainTokenizer('bpe', [TINY_TEXT.repeat(3)], { vocabSize: 300, minFrequency: 2 });
  const eos = tokenizer.tokenToId('<|endoftext|>') ?? 0;
  const config = tinyGpt2Config({ vocab_size: tokenizer.vocabSize, n_layer: 1, bos_token_id: eos, eos_token_id: eos, architectures: ['GPT2LMHeadModel'] });
  const specs = paramSpecsOf(causalLmForward(config, 1, 8));
  const weights = initialWeights(specs, 1);
  const dir = writeFolder({});
  const shaped = new Map(specs.map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }]));
  await saveModelFolder(dir, { config, weights: shaped, tokenizer, onnx: { 'onnx/model.onnx': exportGpt2Onnx(config, weights) } });
  const progress = {
    version: 1,
    step: 3,
    rng: new Rng(5).state(),
    data: { objective: 'clm' as const, batchesDrawn: 3, rng: new Rng(6).state() },
    elapsedMs: 1234,
    tokensSeen: 96,
    corpusFingerprint: 'abc123',
    lastLoss: 4.5,
  };
  const hyperparams = { ...DEFAULT_HYPERPARAMS, layers: 1, heads: 2, dim: 8, context: 8, batch: 1, tokenizer: 'bpe' as const, vocabSize: tokenizer.vocabSize };
  const metrics = [{ step: 1, loss: 4.7 }, { step: 2, loss: 4.6, valLoss: 4.65 }];
  await writeCheckpoint(dir, specs, { progress, hyperparams, state: freshTrainState(specs, weights), metrics }, { config, tokenizer });
  return { files: readTree(dir), config, specs };
}

/** Every file below `root`, relative path → bytes. */
export function readTree(root: string, dir = root): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, readTree(root, p));
    else out[path.relative(root, p)] = readFileSync(p);
  }
  return out;
}
