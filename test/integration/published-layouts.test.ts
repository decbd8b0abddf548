/**
 * Folders in the layouts real checkpoints have on the Hub (test/helpers/published-layouts.ts:
 * unprefixed and prefixed names, legacy gamma/beta, tied weights stored once or twice, buffers,
 * unused pretraining heads, shards, float16 and bfloat16, real config fields, no pad_token_id)
 * load as the same model as our own folder of those weights: logits, attention maps,
 * generations, fill-mask and template-classification scores agree within 1e-4.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TensorData } from '../../src/graph';
import { configOf } from '../../src/models/family';
import { folderOnnx } from '../../src/models/folder-onnx';
import { flatWeights, loadModelFolder } from '../../src/models/model-folder';
import { ONNX_MODEL } from '../../src/modelfile/layout';
import { RuntimeSession } from '../../src/runtime';
import { CausalLm } from '../../src/infer/causal-lm';
import { generate } from '../../src/infer/generate';
import { FillMask } from '../../src/infer/fill-mask';
import { openClassifier } from '../../src/infer/classify';
import { attentionReportFor } from '../../src/infer/attention-report';
import { Seq2SeqGenerator } from '../../src/infer/seq2seq';
import { readSafetensors, writeSafetensors } from '../../src/modelfile/safetensors';
import { InputError } from '../../src/util/errors';
import { cpSync } from 'node:fs';
import { makePublishedPair, type PublishedModel, type PublishedPair } from '../helpers/published-layouts';
import { directT5Outputs, maxAbsDiff } from '../helpers/tiny-t5';

const TOLERANCE = 1e-4;
const TEXT = 'the cat sat on the mat';

describe('published layouts load as our own folders of the same weights', function () {
  this.timeout(120_000);
  let root: string;
  const pairs = new Map<PublishedModel, PublishedPair>();
  const pair = async (model: PublishedModel) => {
    if (!pairs.has(model)) pairs.set(model, await makePublishedPair(model, root));
    return pairs.get(model)!;
  };

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-published-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
    const diff = maxAbsDiff(actual, expected);
    assert.ok(diff <= TOLERANCE, `${what}: max |Δ| = ${diff}`);
  }

  async function assertSameAttention(p: PublishedPair): Promise<void> {
    const [ours, published] = await Promise.all([attentionReportFor(p.ours, TEXT), attentionReportFor(p.published, TEXT)]);
    assert.deepEqual(published.queryTokens, ours.queryTokens);
    assert.equal(published.maps.length, ours.maps.length);
    ours.maps.forEach((map, i) => assertClose(published.maps[i].weights.flat(2), map.weights.flat(2), `${p.model} attention map ${i}`));
  }

  /** The exported graph's logits for one row of ids (encoders: with a full mask and segment 0). */
  async function encoderLogits(dir: string, ids: number[]): Promise<Float32Array> {
    const session = await RuntimeSession.create((await folderOnnx(dir))[ONNX_MODEL]);
    try {
      const row = (values: number[]): TensorData => ({ dtype: 'int64', shape: [1, values.length], data: BigInt64Array.from(values, BigInt) });
      const all: Record<string, TensorData> = { input_ids: row(ids), attention_mask: row(ids.map(() => 1)), token_type_ids: row(ids.map(() => 0)) };
      const feeds = Object.fromEntries(session.inputNames.filter((n) => n in all).map((n) => [n, all[n]]));
      return (await session.run(feeds, ['logits'])).logits.data as Float32Array;
    } finally {
      await session.release();
    }
  }

  for (const model of ['gpt2', 'distilgpt2'] as const) {
    it(`${model}: logits, attentions, greedy generation and template classification agree`, async () => {
      const p = await pair(model);
      const [ours, published] = await Promise.all([CausalLm.open(p.ours), CausalLm.open(p.published)]);
      try {
        const ids = ours.tokenizer.encode(TEXT);
        for (const withAttentions of [false, true]) {
          const [a, b] = await Promise.all([ours.forward(ids, ours.emptyCache(), withAttentions), published.forward(ids, published.emptyCache(), withAttentions)]);
          assertClose(b.logits, a.logits, `${model} logits`);
          a.attentions?.forEach((map, i) => assertClose(b.attentions![i].data as Float32Array, map.data as Float32Array, `${model} attention ${i}`));
        }
        const [genA, genB] = await Promise.all([generate(ours, TEXT, { maxNewTokens: 8, stopAtEos: false }), generate(published, TEXT, { maxNewTokens: 8, stopAtEos: false })]);
        assert.deepEqual(genB.ids, genA.ids);
      } finally {
        await Promise.all([ours.release?.(), published.release?.()]);
      }
      const prompt = { template: 'Text: {text} Topic:', verbalizer: 'animals=cat,sea=sea' };
      const [ca, cb] = await Promise.all([openClassifier(p.ours, prompt), openClassifier(p.published, prompt)]);
      const [ra, rb] = await Promise.all([ca.classify(TEXT), cb.classify(TEXT)]);
      await Promise.all([ca.release(), cb.release()]);
      assert.deepEqual(rb.scores.map((s) => s.label), ra.scores.map((s) => s.label));
      assertClose(rb.scores.map((s) => s.probability), ra.scores.map((s) => s.probability), `${model} template scores`);
      await assertSameAttention(p);
    });
  }

  for (const model of ['bert-base-uncased', 'roberta-base', 'albert-base-v2'] as const) {
    it(`${model}: logits, fill-mask, template classification and attention agree`, async () => {
      const p = await pair(model);
      const folder = await loadModelFolder(p.ours);
      const ids = folder.tokenizer!.addSpecialTokens(folder.tokenizer!.encode(TEXT));
      assertClose(await encoderLogits(p.published, ids), await encoderLogits(p.ours, ids), `${model} logits`);

      const [fa, fb] = await Promise.all([FillMask.open(p.ours), FillMask.open(p.published)]);
      const masked = 'the cat sat on the [MASK]';
      const [ma, mb] = await Promise.all([fa.run(masked, 5), fb.run(masked, 5)]);
      await Promise.all([fa.release(), fb.release()]);
      assert.deepEqual(mb[0].predictions.map((x) => x.token), ma[0].predictions.map((x) => x.token));
      assertClose(mb[0].predictions.map((x) => x.score), ma[0].predictions.map((x) => x.score), `${model} fill-mask scores`);

      const prompt = { template: '{text} It is about [MASK].', verbalizer: 'animals=cat,sea=sea' };
      const [ca, cb] = await Promise.all([openClassifier(p.ours, prompt), openClassifier(p.published, prompt)]);
      const [ra, rb] = await Promise.all([ca.classify(TEXT), cb.classify(TEXT)]);
      await Promise.all([ca.release(), cb.release()]);
      assertClose(rb.scores.map((s) => s.probability), ra.scores.map((s) => s.probability), `${model} template scores`);
      await assertSameAttention(p);
    });
  }

  it('google/electra-small-discriminator: replaced-token logits and attention agree', async () => {
    const p = await pair('google/electra-small-discriminator');
    const folder = await loadModelFolder(p.ours);
    const ids = folder.tokenizer!.addSpecialTokens(folder.tokenizer!.encode(TEXT));
    assertClose(await encoderLogits(p.published, ids), await encoderLogits(p.ours, ids), 'electra logits');
    await assertSameAttention(p);
  });

  it('a base-model checkpoint (BertModel: no prefix, no masked-LM head) is refused by fill-mask in one line naming the missing head', async () => {
    const p = await pair('bert-base-uncased');
    const headless = path.join(root, 'bert-model');
    cpSync(p.published, headless, { recursive: true });
    const { tensors } = await readSafetensors(path.join(headless, 'model.safetensors'));
    await writeSafetensors(path.join(headless, 'model.safetensors'), new Map([...tensors].filter(([n]) => n.startsWith('bert.')).map(([n, t]) => [n.slice('bert.'.length), t])));
    await assert.rejects(FillMask.open(headless), (error: Error) => error instanceof InputError && /no tensor named 'cls\.predictions\./.test(error.message) && !/\n/.test(error.message));
  });

  it('t5-small: logits, greedy generation and attention agree', async () => {
    const p = await pair('t5-small');
    const [ours, published] = await Promise.all([loadModelFolder(p.ours), loadModelFolder(p.published)]);
    const cfg = configOf(published.config, 't5');
    const inputIds = ours.tokenizer!.addSpecialTokens(ours.tokenizer!.encode(TEXT));
    const batch = { inputIds: [inputIds], attentionMask: [inputIds.map(() => 1)], decoderInputIds: [[0, 5, 7]] };
    const [a, b] = await Promise.all([directT5Outputs(configOf(ours.config, 't5'), flatWeights(ours.weights), batch), directT5Outputs(cfg, flatWeights(published.weights), batch)]);
    assertClose(b.logits.data as Float32Array, a.logits.data as Float32Array, 't5 logits');

    const [ga, gb] = await Promise.all([Seq2SeqGenerator.fromFolder(p.ours), Seq2SeqGenerator.fromFolder(p.published)]);
    const [outA, outB] = await Promise.all([ga.generate(inputIds, { maxNewTokens: 6 }), gb.generate(inputIds, { maxNewTokens: 6 })]);
    await Promise.all([ga.release(), gb.release()]);
    assert.deepEqual(outB.tokens, outA.tokens);
    await assertSameAttention(p);
  });
});
