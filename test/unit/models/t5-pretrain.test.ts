/**
 * Span-corruption pretraining end to end: a character tokenizer with T5's special tokens, the
 * batches of src/data, the step graph over spanCorruptionForward. On a small repetitive corpus
 * the loss must fall well below where it starts.
 */
import assert from 'node:assert/strict';
import { SpanCorruptionBatches } from '../../../src/data/batch-t5';
import { initialWeights } from '../../../src/nn/params';
import { trainTokenizer } from '../../../src/tokenizer';
import { spanCorruptionForward } from '../../../src/train/forward-span';
import { batchFeeds } from '../../../src/train/families';
import { buildStepGraph } from '../../../src/train/step/step-graph';
import { StepSession, freshTrainState } from '../../../src/train/step/step-session';
import { tinyT5Config } from '../../helpers/tiny-t5';

const CORPUS = [
  'the cat sat on the mat. the dog sat on the log. ',
  'a bird sang in the tree. a fish swam in the sea. ',
  'the sun rose over the hill and the day began. ',
];

describe('T5 span-corruption pretraining', () => {
  it('lowers the seq2seq loss clearly on a small corpus', async () => {
    const texts = CORPUS.map((t) => t.repeat(20));
    const tokenizer = trainTokenizer('char', texts, { family: 't5', sentinelCount: 16 });
    const documents = texts.map((t) => tokenizer.encode(t));
    const [B, S] = [8, 32];
    const batches = new SpanCorruptionBatches(documents, tokenizer, { batchSize: B, encoderLength: S, seed: 3 });
    const cfg = tinyT5Config({ vocab_size: tokenizer.vocabSize, d_model: 32, d_kv: 8, num_heads: 4, d_ff: 64, relative_attention_num_buckets: 16, relative_attention_max_distance: 32 });
    const step = buildStepGraph(spanCorruptionForward(cfg, B, S, batches.decoderLength), { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
    const session = await StepSession.create(step, freshTrainState(step.params, initialWeights(step.params, 1)), { intraOpNumThreads: 1 });
    const wanted = step.batchInputs.map((b) => b.name);
    const losses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 500; i++) losses.push((await session.run(batchFeeds(batches.next(), wanted), 1e-2)).loss);
    await session.release();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [first, last] = [losses[0], mean(losses.slice(-20))];
    console.log(`      vocab ${tokenizer.vocabSize}, Tdec ${batches.decoderLength}: loss ${first.toFixed(3)} → ${last.toFixed(3)} (last 20 mean) in ${losses.length} steps, ${Date.now() - started} ms`);
    assert.ok(first > Math.log(tokenizer.vocabSize) * 0.8, `starts near ln(vocab): ${first}`);
    assert.ok(last < 0.4 * first, `final loss ${last} vs first ${first}`);
  });
});
