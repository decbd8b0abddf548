/**
 * A contrastive run's folder read by @huggingface/transformers v4, fully offline: its
 * feature-extraction pipeline with {pooling: 'mean', normalize: true} over onnx/model.onnx's
 * `last_hidden_state` gives the vectors openEmbedder gives (built from the safetensors), within
 * 1e-4, for single texts and a padded batch; the folder is the base class with the
 * sentence-transformers files beside it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openEmbedder, type TextEmbedder } from '../../src/infer/embed';
import { saveTinyContrastiveFolder, toyPairs, trainTinyContrastive } from '../helpers/tiny-contrastive';
import { type HfTensor, maxAbsDiff, offlineTransformers } from '../helpers/transformers-js';

describe('contrastive encoder folder read by @huggingface/transformers v4', () => {
  let root: string;
  let dir: string;
  let embedder: TextEmbedder;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'contrastive-hf-'));
    dir = path.join(root, 'tiny-encoder');
    await saveTinyContrastiveFolder(dir, await trainTinyContrastive(60));
    embedder = await openEmbedder(dir, { intraOpNumThreads: 1 });
  });
  after(async () => {
    await embedder?.release();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('is a BertModel folder with sentence-transformers mean pooling and normalisation', () => {
    const json = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    assert.deepEqual(json('config.json').architectures, ['BertModel']);
    assert.deepEqual(json('modules.json').map((m: { type: string }) => m.type), ['sentence_transformers.models.Transformer', 'sentence_transformers.models.Pooling', 'sentence_transformers.models.Normalize']);
    assert.equal(json('1_Pooling/config.json').pooling_mode_mean_tokens, true);
    assert.equal(json('1_Pooling/config.json').word_embedding_dimension, embedder.dim);
    assert.equal(json('sentence_bert_config.json').max_seq_length, embedder.maxTokens);
  });

  it("feature-extraction (mean pooling, normalize) reproduces openEmbedder's vectors within 1e-4", async () => {
    const { hf, name } = await offlineTransformers(dir);
    const extractor = await hf.pipeline('feature-extraction', name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const pairs = toyPairs();
    const batches = [[pairs[0].code], [pairs[3].text], [pairs[1].code, pairs[2].text, 'value', pairs[5].code]];
    for (const texts of batches) {
      const theirs = (await extractor(texts, { pooling: 'mean', normalize: true })) as unknown as HfTensor;
      const ours = await embedder.embed(texts);
      assert.deepEqual(theirs.dims, [texts.length, embedder.dim]);
      const flat = Float32Array.from(ours.flatMap((v) => [...v]));
      const diff = maxAbsDiff(flat, theirs.data as Float32Array);
      console.log(`      ${texts.length} text(s): max |Δ| ${diff.toExponential(2)}`);
      assert.ok(diff < 1e-4, `embeddings differ by ${diff}`);
      for (const v of ours) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5, 'unit length');
    }
    await extractor.dispose();
  });
});
