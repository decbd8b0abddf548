/**
 * Learning sanity: a tiny BERT trained contrastively on the toy pairs (each function name tied
 * to a different word only by the pairing) retrieves the right text for a function far above
 * chance, where the untrained encoder does not; the loss falls. Deterministic seeds, generous
 * bounds.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openEmbedder } from '../../../src/infer/embed';
import { saveTinyContrastiveFolder, toyPairs, trainTinyContrastive, type TinyContrastiveRun } from '../../helpers/tiny-contrastive';

/** Share of functions whose nearest text (by cosine over all texts) is their own. */
async function retrievalAccuracy(run: TinyContrastiveRun, root: string, name: string): Promise<number> {
  const dir = path.join(root, name);
  await saveTinyContrastiveFolder(dir, run);
  const embedder = await openEmbedder(dir, { intraOpNumThreads: 1 });
  const pairs = toyPairs();
  const code = await embedder.embed(pairs.map((p) => p.code));
  const text = await embedder.embed(pairs.map((p) => p.text));
  await embedder.release();
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
  const hits = code.filter((c, i) => {
    const scores = text.map((t) => dot(c, t));
    return scores.indexOf(Math.max(...scores)) === i;
  }).length;
  return hits / pairs.length;
}

describe('contrastive learning on toy pairs', () => {
  let root: string;
  before(async () => (root = await mkdtemp(path.join(os.tmpdir(), 'contrastive-learn-'))));
  after(async () => rm(root, { recursive: true, force: true }));

  it('retrieves each function\'s own text far above chance after training, with the queue on', async () => {
    const chance = 1 / toyPairs().length;
    const untrained = await retrievalAccuracy(await trainTinyContrastive(0), root, 'untrained');
    const run = await trainTinyContrastive(300);
    const trained = await retrievalAccuracy(run, root, 'trained');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`      retrieval accuracy: untrained ${untrained.toFixed(3)}, after 300 steps ${trained.toFixed(3)} (chance ${chance.toFixed(3)}); loss ${mean(run.losses.slice(0, 10)).toFixed(3)} → ${mean(run.losses.slice(-10)).toFixed(3)}`);
    assert.ok(trained >= 4 * chance, `trained accuracy ${trained}`);
    assert.ok(trained > untrained, `no better than untrained (${untrained})`);
    assert.ok(mean(run.losses.slice(-10)) < mean(run.losses.slice(0, 10)), 'the loss falls');
  });
});
