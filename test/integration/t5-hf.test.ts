/**
 * Hugging Face interoperability of a saved T5 folder: transformers.js v4 loads it fully
 * offline; its decoder logits equal ours, its text2text-generation pipeline (greedy) produces
 * the tokens of src/infer/seq2seq.ts, and generate({output_attentions}) returns our decoder
 * self- and cross-attention maps.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoModelForSeq2SeqLM, AutoTokenizer, env, pipeline, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { Seq2SeqGenerator } from '../../src/infer/seq2seq';
import { saveModelFolder } from '../../src/models/model-folder';
import { exportT5Onnx } from '../../src/models/t5/export-onnx';
import { t5ParamSpecs } from '../../src/models/t5/model';
import { trainTokenizer } from '../../src/tokenizer';
import { directT5Outputs, maxAbsDiff, tinyT5Config, tinyT5Weights } from '../helpers/tiny-t5';

const TEXTS = ['the quick brown fox jumps over the lazy dog', 'pack my box with five dozen liquor jugs', 'how vexingly quick daft zebras jump'];
const NAME = 't5-tiny';
const MAX_NEW = 12;

describe('transformers.js v4 reads our T5 folder', function () {
  this.timeout(120000);
  let root: string;
  let tokenizer: ReturnType<typeof trainTokenizer>;
  const cfg = tinyT5Config({ d_model: 32, d_kv: 8, num_heads: 4, d_ff: 48, feed_forward_proj: 'gated-gelu', initializer_factor: 3 });
  let weights: ReturnType<typeof tinyT5Weights>;
  let model: PreTrainedModel;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 't5-hf-'));
    tokenizer = trainTokenizer('bpe', TEXTS.map((t) => t.repeat(3)), { family: 't5', vocabSize: 300, sentinelCount: 8 });
    cfg.vocab_size = tokenizer.vocabSize;
    weights = tinyT5Weights(cfg, 4);
    const shaped = new Map(t5ParamSpecs(cfg).map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }]));
    await saveModelFolder(path.join(root, NAME), { config: cfg, weights: shaped, tokenizer, onnx: exportT5Onnx(cfg, weights) });
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = root + path.sep;
    model = await AutoModelForSeq2SeqLM.from_pretrained(NAME, { dtype: 'fp32' });
  });
  after(async () => {
    await model?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('gives our decoder logits on three inputs (max |Δ| < 1e-4)', async () => {
    const hfTokenizer = await AutoTokenizer.from_pretrained(NAME);
    for (const [n, text] of TEXTS.entries()) {
      const ids = tokenizer.addSpecialTokens(tokenizer.encode(text));
      const hfIds = Array.from((hfTokenizer(text).input_ids as Tensor).data as BigInt64Array, Number);
      assert.deepEqual(hfIds, ids, 'same tokenization');
      const decoderIds = [0, ...ids.slice(0, 3 + n)];
      const toTensor = (row: number[]) => new Tensor('int64', BigInt64Array.from(row, BigInt), [1, row.length]);
      const hf = await model({ input_ids: toTensor(ids), attention_mask: toTensor(ids.map(() => 1)), decoder_input_ids: toTensor(decoderIds) });
      const ours = await directT5Outputs(cfg, weights, { inputIds: [ids], attentionMask: [ids.map(() => 1)], decoderInputIds: [decoderIds] });
      assert.deepEqual(hf.logits.dims, ours.logits.shape);
      const diff = maxAbsDiff(hf.logits.data as Float32Array, ours.logits.data as Float32Array);
      console.log(`      input ${n}: ${ids.length} tokens, decoder ${decoderIds.length}: max |Δ logits| ${diff.toExponential(2)}`);
      assert.ok(diff < 1e-4, `max |Δ| ${diff}`);
    }
  });

  it('text2text-generation (greedy) produces exactly our tokens, and generate returns our attention maps', async () => {
    const generator = await Seq2SeqGenerator.fromFolder(path.join(root, NAME));
    const text2text = await pipeline('text2text-generation', NAME, { dtype: 'fp32' });
    for (const text of TEXTS) {
      const ids = tokenizer.addSpecialTokens(tokenizer.encode(text));
      const ours = await generator.generate(ids, { maxNewTokens: MAX_NEW, outputAttentions: true });
      assert.ok(new Set(ours.tokens).size >= 3, `a varied continuation: [${ours.tokens}]`);

      const [piped] = (await text2text(text, { max_new_tokens: MAX_NEW, do_sample: false })) as { generated_text: string }[];
      assert.equal(piped.generated_text, tokenizer.decode(ours.tokens, { skipSpecialTokens: true }));

      const row = (values: number[]) => new Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
      const out = (await model.generate({ inputs: row(ids), attention_mask: row(ids.map(() => 1)), max_new_tokens: MAX_NEW, do_sample: false, output_attentions: true, return_dict_in_generate: true })) as unknown as {
        sequences: Tensor;
        decoder_attentions: Tensor[][];
        cross_attentions: Tensor[][];
      };
      const sequence = Array.from(out.sequences.data as BigInt64Array, Number);
      assert.deepEqual(sequence, [0, ...ours.tokens], 'generate() ids');
      console.log(`      ${JSON.stringify(text)} → [${ours.tokens}] ${JSON.stringify(piped.generated_text)}`);

      for (const kind of ['decoder_attentions', 'cross_attentions'] as const) {
        const theirs = out[kind];
        const mine = kind === 'decoder_attentions' ? ours.decoderAttentions! : ours.crossAttentions!;
        assert.equal(theirs.length, mine.length, `${kind}: one entry per step`);
        theirs.forEach((layers, step) => {
          assert.equal(layers.length, cfg.num_decoder_layers);
          layers.forEach((map, i) => {
            assert.deepEqual(map.dims, mine[step][i].shape, `${kind} step ${step} layer ${i}`);
            const diff = maxAbsDiff(map.data as Float32Array, mine[step][i].data as Float32Array);
            assert.ok(diff < 1e-5, `${kind} step ${step} layer ${i}: ${diff}`);
          });
        });
      }
    }
    await text2text.dispose();
    await generator.release();
  });
});
