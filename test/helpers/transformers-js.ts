/**
 * Loads `@huggingface/transformers` (v4) for interoperability tests, strictly offline: only
 * local folders, never the Hub; and the comparison scaffolding those tests share (our graph from a
 * folder's weights, token ids, logits and fill-mask agreement).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { type TensorData, writeOnnx } from '../../src/graph';
import type { FillMask } from '../../src/infer/fill-mask';
import { encoderInferenceGraph } from '../../src/models/bert/export-onnx';
import { flatWeights, loadModelFolder } from '../../src/models/model-folder';
import { RuntimeSession } from '../../src/runtime';
import type { PipelineTokenizer } from '../../src/tokenizer';

export type TransformersJs = typeof import('@huggingface/transformers');

export async function offlineTransformers(modelDir: string): Promise<{ hf: TransformersJs; name: string }> {
  const hf = await import('@huggingface/transformers');
  hf.env.allowRemoteModels = false;
  hf.env.allowLocalModels = true;
  hf.env.localModelPath = path.dirname(modelDir) + path.sep;
  hf.env.useFSCache = false;
  return { hf, name: path.basename(modelDir) };
}

/** A tensor as transformers.js hands it back (its Tensor's data and dims). */
export type HfTensor = { data: ArrayLike<number | bigint>; dims: number[] };

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};
export const toInt64 = (t: HfTensor): TensorData => ({ dtype: 'int64', shape: t.dims, data: BigInt64Array.from(t.data as ArrayLike<bigint>) });
export const zerosLike = (t: HfTensor): TensorData => ({ dtype: 'int64', shape: t.dims, data: new BigInt64Array(t.data.length) });

type EncoderBuild = Parameters<typeof encoderInferenceGraph>[2];
type FamilyBuild<C> = (g: Parameters<EncoderBuild>[0], params: Parameters<EncoderBuild>[1], cfg: C, inputs: Parameters<EncoderBuild>[2]) => ReturnType<EncoderBuild>;

/**
 * Our graph for a saved encoder folder, built from its safetensors and config.json (not its
 * onnx/): `buildClassifier` where config.json's architectures name `classifierArchitecture`,
 * `buildMaskedLm` otherwise.
 */
export async function oursFromFolderWeights<C extends { architectures?: string[] }>(dir: string, classifierArchitecture: string, buildClassifier: FamilyBuild<C>, buildMaskedLm: FamilyBuild<C>): Promise<RuntimeSession> {
  const loaded = await loadModelFolder(dir);
  const cfg = loaded.config as unknown as C;
  const build = cfg.architectures?.includes(classifierArchitecture) ? buildClassifier : buildMaskedLm;
  return RuntimeSession.create(writeOnnx(encoderInferenceGraph('ours', flatWeights(loaded.weights), (g, params, inputs) => build(g, params, cfg, inputs))), { intraOpNumThreads: 1 });
}

/** transformers.js's token ids for a padded batch are our encoding of each text, padded with `padId`. */
export function assertTokenizedAsOurs(ids: HfTensor, texts: string[], tokenizer: PipelineTokenizer, padId: number | null | undefined): void {
  const T = ids.dims[1];
  texts.forEach((text, b) => {
    const expected = tokenizer.addSpecialTokens(tokenizer.encode(text));
    assert.deepEqual(Array.from(ids.data, Number).slice(b * T, (b + 1) * T), [...expected, ...Array(T - expected.length).fill(padId)], `token ids of "${text}"`);
  });
}

/** Their and our logits agree within 1e-4; `label` starts the logged line. */
export function assertLogitsMatch(mine: TensorData, theirs: HfTensor, label: string): void {
  const diff = maxAbsDiff(mine.data as Float32Array, theirs.data as Float32Array);
  console.log(`      ${label}: max |Δlogit| ${diff.toExponential(2)}`);
  assert.ok(diff < 1e-4, `logits differ by ${diff}`);
}

/** Classifier logits: large enough to show differences (> 0.1 somewhere) and within 1e-4 of theirs. */
export function assertClassifierLogitsMatch(mine: TensorData, theirs: HfTensor): void {
  const diff = maxAbsDiff(mine.data as Float32Array, theirs.data as Float32Array);
  const spread = Math.max(...Array.from(theirs.data as Float32Array, Math.abs));
  console.log(`      classifier logits ${Array.from(theirs.data as Float32Array, (x) => x.toFixed(3)).join(' ')}; max |Δlogit| ${diff.toExponential(2)}`);
  assert.ok(spread > 0.1, 'logits must be large enough to show differences');
  assert.ok(diff < 1e-4, `logits differ by ${diff}`);
}

/**
 * transformers.js's fill-mask pipeline on folder `name` gives exactly our top-5 tokens, scores
 * within 1e-5, and every text's top score is above 10 / `vocabSize` (uniform is 1 / vocab).
 */
export async function assertFillMaskMatches(hf: TransformersJs, name: string, fill: FillMask, texts: string[], vocabSize: number, what = 'model'): Promise<void> {
  const unmasker = await hf.pipeline('fill-mask', name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
  let nonUniform = 0;
  for (const text of texts) {
    const theirs = (await unmasker(text, { top_k: 5 })) as { token: number; token_str: string; score: number }[];
    const [mine] = await fill.run(text, 5);
    assert.deepEqual(mine.predictions.map((p) => p.token), theirs.map((p) => p.token), `top tokens of "${text}"`);
    const scoreDiff = maxAbsDiff(mine.predictions.map((p) => p.score), theirs.map((p) => p.score));
    console.log(`      "${text}" → ${mine.predictions.slice(0, 3).map((p) => `${JSON.stringify(p.tokenStr)} ${p.score.toFixed(3)}`).join(', ')}; max |Δscore| ${scoreDiff.toExponential(2)}`);
    assert.ok(scoreDiff < 1e-5, `scores differ by ${scoreDiff}`);
    if (mine.predictions[0].score > 10 / vocabSize) nonUniform++;
  }
  assert.equal(nonUniform, texts.length, `the trained ${what} must be far from uniform on every mask`);
  await unmasker.dispose();
}
