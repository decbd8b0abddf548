/**
 * --objective contrastive on every encoder family with hidden states: a few steps of the real
 * step graph with its batches (finite losses, the queue and momentum encoder carried), the
 * checkpoint saved as the family's base class, and openEmbedder reading that folder; where
 * transformers.js has the family's base model, its feature-extraction pipeline gives the same
 * vectors within 1e-4.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tokenizePairs } from '../../../src/data/tokenized-pairs';
import { openEmbedder } from '../../../src/infer/embed';
import { buildConfig } from '../../../src/models/config-builder';
import { FAMILIES } from '../../../src/models/registry';
import { baseModelArchitecture } from '../../../src/models/base-model';
import { asSentenceEncoder } from '../../../src/models/sentence-encoder-folder';
import { initialWeights } from '../../../src/nn/params';
import { specialTokenIdsOf, trainTokenizer } from '../../../src/tokenizer';
import { writeCheckpoint } from '../../../src/train/checkpoint/checkpoint';
import { batchFeeds, batchShapeOf, trainFamily } from '../../../src/train/families';
import { DEFAULT_HYPERPARAMS } from '../../../src/train/run/hyperparams';
import { buildStepGraph } from '../../../src/train/step/step-graph';
import { freshTrainState, StepSession } from '../../../src/train/step/step-session';
import { Rng } from '../../../src/util/rng';
import { toyPairs } from '../../helpers/tiny-contrastive';
import { type HfTensor, maxAbsDiff, offlineTransformers } from '../../helpers/transformers-js';

/** Families whose base model transformers.js v4 runs for feature extraction. */
const IN_TRANSFORMERS_JS = ['bert', 'roberta', 'albert', 'electra', 'xlm'];

describe('--objective contrastive on every encoder family', () => {
  let root: string;
  before(async () => (root = await mkdtemp(path.join(os.tmpdir(), 'contrastive-families-'))));
  after(async () => rm(root, { recursive: true, force: true }));

  for (const family of FAMILIES.filter((f) => f.hiddenStates)) {
    it(`${family.modelType}: trains, saves ${baseModelArchitecture(family)} and embeds as it trained`, async () => {
      const raw = toyPairs();
      const train = trainFamily(family.modelType, 'contrastive');
      const tokenizer = trainTokenizer(train.defaultTokenizer, raw.flatMap((p) => [p.code, p.text]), { family: train.tokenizerFamily, vocabSize: 320 });
      const [B, T] = [4, 20];
      const config = asSentenceEncoder(buildConfig({ arch: family.modelType, vocabSize: tokenizer.vocabSize, layers: 1, heads: 2, dim: 16, context: 24, dropout: 0, tokenIds: specialTokenIdsOf(tokenizer) }));
      const options = { batchSize: B, context: T, seed: 1, pairs: tokenizePairs(raw, tokenizer), contrastive: { queueSize: 6, momentum: 0.9, seed: 2 } };
      const source = train.batches([], tokenizer, options);
      const graph = buildStepGraph(train.forward(config, batchShapeOf(source, options)), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
      const session = await StepSession.create(graph, freshTrainState(graph.params, initialWeights(graph.params, 3)), { intraOpNumThreads: 1 });
      for (let i = 0; i < 3; i++) {
        const { loss } = await session.run(batchFeeds(source.next(), graph.batchInputs.map((b) => b.name)), 5e-3, new Rng(i));
        assert.ok(Number.isFinite(loss) && loss > 0, `loss ${loss}`);
      }
      await session.release();
      const dir = path.join(root, family.modelType);
      await mkdir(dir);
      const progress = { version: 1, step: 3, rng: new Rng(1).state(), data: source.state(), elapsedMs: 0, tokensSeen: 0, corpusFingerprint: 'x' };
      await writeCheckpoint(dir, graph.params, { progress, hyperparams: DEFAULT_HYPERPARAMS, state: session.state, metrics: [] }, { config, tokenizer });
      assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')).architectures, [baseModelArchitecture(family)]);

      const embedder = await openEmbedder(dir, { intraOpNumThreads: 1 });
      const texts = [raw[0].code, raw[1].text, raw[2].code];
      const ours = await embedder.embed(texts);
      await embedder.release();
      for (const v of ours) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5, 'unit length');
      if (!IN_TRANSFORMERS_JS.includes(family.modelType)) return;
      const { hf, name } = await offlineTransformers(dir);
      const extractor = await hf.pipeline('feature-extraction', name, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
      const theirs = (await extractor(texts, { pooling: 'mean', normalize: true })) as unknown as HfTensor;
      await extractor.dispose();
      const diff = maxAbsDiff(Float32Array.from(ours.flatMap((v) => [...v])), theirs.data as Float32Array);
      console.log(`      transformers.js feature-extraction: max |Δ| ${diff.toExponential(2)}`);
      assert.ok(diff < 1e-4, `differs by ${diff}`);
    });
  }
});
