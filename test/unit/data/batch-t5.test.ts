import assert from 'node:assert/strict';
import { IGNORE_INDEX, type Batch } from '../../../src/data/batch';
import { SpanCorruptionBatches } from '../../../src/data/batch-t5';
import {
  corruptSpans,
  DEFAULT_SPAN_CORRUPTION,
  randomSpansNoiseMask,
  rawLengthForEncoder,
  spanCounts,
} from '../../../src/data/span-corruption';
import { packDocuments } from '../../../src/data/token-stream';
import { Rng } from '../../../src/util/rng';
import { randomDocuments } from './corpus-text';
import { FakeTokenizer } from './fake-tokenizer';

const tokenizer = new FakeTokenizer();
const PAD = tokenizer.tokenToId('[PAD]')!;
const EOS = tokenizer.tokenToId('</s>')!;
const SENTINELS = tokenizer.specialTokens.sentinels!.map((s) => tokenizer.tokenToId(s)!);
const documents = randomDocuments(tokenizer, 30, 200);

/** Puts each span from the targets back in place of its sentinel. */
function fillSentinels(encoder: number[], target: number[]): number[] {
  const spans = new Map<number, number[]>();
  let current: number[] | undefined;
  for (const id of target) {
    if (SENTINELS.includes(id)) spans.set(id, (current = []));
    else if (id === EOS) break;
    else current!.push(id);
  }
  const restored: number[] = [];
  for (const id of encoder) {
    if (id === EOS) break;
    restored.push(...(SENTINELS.includes(id) ? spans.get(id)! : [id]));
  }
  return restored;
}

function row(tensor: Batch['labels'], b: number): number[] {
  const width = tensor.shape[1];
  return Array.from(tensor.data.subarray(b * width, (b + 1) * width));
}

describe('data/T5 span corruption', () => {
  it('sizes inputs and targets as T5 does (512 encoder tokens ← 568 raw, 114 targets)', () => {
    const raw = rawLengthForEncoder(512, DEFAULT_SPAN_CORRUPTION);
    assert.equal(raw, 568);
    assert.deepEqual(spanCounts(raw, DEFAULT_SPAN_CORRUPTION), { noiseTokens: 85, spans: 28, encoderLength: 512, decoderLength: 114 });
  });

  it('draws noise masks with the exact noise count and span count, non-noise first', () => {
    const rng = new Rng(9);
    for (let trial = 0; trial < 50; trial++) {
      const mask = randomSpansNoiseMask(100, DEFAULT_SPAN_CORRUPTION, rng);
      assert.equal(mask.reduce((n, m) => n + m, 0), 15);
      let spans = 0;
      mask.forEach((m, i) => (spans += m && (i === 0 || !mask[i - 1]) ? 1 : 0));
      assert.equal(spans, 5);
      assert.equal(mask[0], 0);
    }
  });

  it('corrupts spans into sentinels and targets that round-trip', () => {
    const tokens = [500, 501, 502, 503, 504, 505, 506, 507];
    const noise = Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 1]);
    const { encoder, target } = corruptSpans(tokens, noise, SENTINELS, EOS);
    assert.deepEqual(encoder, [500, SENTINELS[0], 503, 504, SENTINELS[1], 506, SENTINELS[2], EOS]);
    assert.deepEqual(target, [SENTINELS[0], 501, 502, SENTINELS[1], 505, SENTINELS[2], 507, EOS]);
    assert.deepEqual(fillSentinels(encoder, target), tokens);
  });

  it('builds fixed-shape batches whose sentinels filled back give a window of the text', () => {
    const source = new SpanCorruptionBatches(documents, tokenizer, { batchSize: 8, encoderLength: 64, seed: 2 });
    const stream = Array.from(packDocuments(documents));
    const batch = source.next();
    const Tdec = source.decoderLength;
    assert.deepEqual(batch.inputIds.shape, [8, 64]);
    assert.deepEqual(batch.attentionMask!.shape, [8, 64]);
    assert.deepEqual(batch.labels.shape, [8, Tdec]);
    assert.deepEqual(batch.decoderInputIds!.shape, [8, Tdec]);
    for (let b = 0; b < 8; b++) {
      const encoder = row(batch.inputIds, b);
      const labels = row(batch.labels, b);
      const decoderInputs = row(batch.decoderInputIds!, b);
      assert.equal(labels[0], SENTINELS[0]);
      assert.equal(labels[Tdec - 1], EOS);
      assert.equal(encoder[63], EOS);
      assert.deepEqual(decoderInputs, [PAD, ...labels.slice(0, -1)]);
      assert.ok(row(batch.attentionMask!, b).every((m) => m === 1));

      const restored = fillSentinels(encoder, labels);
      const noise = labels.filter((id) => !SENTINELS.includes(id) && id !== EOS).length;
      assert.ok(Math.abs(noise / restored.length - 0.15) < 0.01, `noise share ${noise / restored.length}`);
      const found = stream.some((_, s) => restored.every((id, k) => stream[s + k] === id));
      assert.ok(found, `row ${b} does not restore to a window of the text`);
    }
  });

  it('pads short data with the pad id, attention 0 and labels -100', () => {
    const text = tokenizer.encode('one two three');
    const source = new SpanCorruptionBatches([text], tokenizer, { batchSize: 1, encoderLength: 32, decoderLength: 10 });
    const batch = source.next();
    const encoder = row(batch.inputIds, 0);
    const used = encoder.indexOf(EOS) + 1;
    assert.deepEqual(row(batch.attentionMask!, 0), [...Array(used).fill(1), ...Array(32 - used).fill(0)]);
    assert.ok(encoder.slice(used).every((id) => id === PAD));
    const labels = row(batch.labels, 0);
    const targetLength = labels.indexOf(EOS) + 1;
    assert.ok(labels.slice(targetLength).every((id) => id === IGNORE_INDEX));
    assert.ok(row(batch.decoderInputIds!, 0).slice(targetLength + 1).every((id) => id === PAD));
    assert.deepEqual(fillSentinels(encoder, labels), text);
  });

  it('is reproducible from a seed and resumes exactly from a saved state', () => {
    const options = { batchSize: 4, encoderLength: 48, seed: 8 };
    const a = new SpanCorruptionBatches(documents, tokenizer, options);
    const b = new SpanCorruptionBatches(documents, tokenizer, options);
    assert.deepEqual(a.next(), b.next());
    const saved = JSON.parse(JSON.stringify(a.state()));
    const expected = [a.next(), a.next()];
    const resumed = new SpanCorruptionBatches(documents, tokenizer, options);
    resumed.restore(saved);
    assert.deepEqual([resumed.next(), resumed.next()], expected);
  });

  it('rejects a decoder length too short for the targets and too few sentinels', () => {
    assert.throws(() => new SpanCorruptionBatches(documents, tokenizer, { batchSize: 1, encoderLength: 64, decoderLength: 5 }), /shorter than/);
    const few = new FakeTokenizer({ sentinels: 2 });
    assert.throws(() => new SpanCorruptionBatches(randomDocuments(few, 5, 200), few, { batchSize: 1, encoderLength: 64 }), /sentinels/);
  });
});
