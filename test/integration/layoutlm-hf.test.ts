/**
 * A LayoutLM model folder end to end against the float64 reference of modeling_layoutlm.py:
 * saved with HF's LayoutLMForMaskedLM parameter names and config, reopened by `fill-mask`, which
 * computes each token's box from the text's lines itself (FamilySpec.extraInputs). With a
 * byte-only vocabulary (no merges) every character is one token, so the boxes the reference is
 * given are written out by hand from the text: the fill-mask probabilities must equal the
 * reference's softmax at the mask, and differ from those of the same tokens laid out otherwise.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CELL_UNITS } from '../../src/data/token-boxes';
import { FillMask } from '../../src/infer/fill-mask';
import type { LayoutLMConfig } from '../../src/models/configs';
import { exportLayoutLmOnnx } from '../../src/models/layoutlm/export-onnx';
import { saveModelFolder } from '../../src/models/model-folder';
import { trainTokenizer } from '../../src/tokenizer';
import { randomWeights } from '../helpers/reference-compare';
import { type Box, referenceLayoutLmMaskedLm } from '../helpers/reference-layoutlm';
import { layoutlmParamSpecs, tinyLayoutLmConfig } from '../helpers/tiny-layoutlm';

const u = CELL_UNITS;

/** softmax of one row of logits. */
function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((x) => Math.exp(x - max));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

describe('LayoutLM folder: fill-mask computes the boxes and matches the reference', () => {
  let root: string;
  let fill: FillMask;
  let cfg: LayoutLMConfig;
  let weights: Map<string, Float32Array>;
  const tokenizer = trainTokenizer('bpe', ['ab\n c\tx'], { family: 'roberta', vocabSize: 261 }); // 5 specials + 256 bytes: no merges

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'layoutlm-hf-'));
    cfg = tinyLayoutLmConfig({ vocab_size: tokenizer.vocabSize, hidden_size: 16, num_attention_heads: 4, intermediate_size: 24, max_position_embeddings: 32 });
    const specs = layoutlmParamSpecs(cfg);
    weights = randomWeights(specs, 23) as Map<string, Float32Array>;
    await saveModelFolder(root, {
      config: cfg,
      weights: new Map(specs.map((s) => [s.name, { shape: s.shape, data: weights.get(s.name)! }])),
      tokenizer,
      onnx: { 'onnx/model.onnx': exportLayoutLmOnnx(cfg, weights) },
    });
    fill = await FillMask.open(root, { intraOpNumThreads: 1 });
  });
  after(async () => {
    await fill?.release();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('saves the HF LayoutLMForMaskedLM names and config', async () => {
    const bytes = await readFile(path.join(root, 'model.safetensors'));
    const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8'));
    for (const axis of ['x', 'y', 'h', 'w']) assert.deepEqual(header[`layoutlm.embeddings.${axis}_position_embeddings.weight`].shape, [1024, 16]);
    assert.ok('cls.predictions.bias' in header && 'layoutlm.embeddings.word_embeddings.weight' in header);
    const config = JSON.parse(await readFile(path.join(root, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.architectures, config.max_2d_position_embeddings], ['layoutlm', ['LayoutLMForMaskedLM'], 1024]);
  });

  it('gives the reference probabilities for a two-line text with a tab, from boxes it computed itself', async () => {
    const text = 'ab\n c\t<mask>x';
    const ids = tokenizer.addSpecialTokens(tokenizer.encode(text));
    assert.equal(ids.length, 10, '<s> a b \\n space c \\t <mask> x </s>');
    // By hand: line 0 is "ab\n", line 1 is " c\t<mask>x" with the tab from column 2 to 4.
    const cells: [number, number, number][] = [[0, 0, 1], [1, 0, 1], [2, 0, 1], [0, 1, 1], [1, 1, 1], [2, 1, 2], [4, 1, 6], [10, 1, 1]]; // column, line, width
    const boxes: Box[] = [[0, 0, 0, 0], ...cells.map(([c, l, w]): Box => [c * u, l * u, (c + w) * u, (l + 1) * u]), [1000, 1000, 1000, 1000]];
    const mask = ids.indexOf(tokenizer.tokenToId('<mask>')!);
    const ones = ids.map(() => 1);
    const expected = softmax(referenceLayoutLmMaskedLm(weights, cfg, ids, ones, boxes)[mask]);
    const [result] = await fill.run(text, 5);
    assert.equal(result.position, mask);
    let maxDiff = 0;
    for (const p of result.predictions) maxDiff = Math.max(maxDiff, Math.abs(p.score - expected[p.token]));
    console.log(`      max |Δp| vs reference ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-5, `max difference ${maxDiff}`);
    // The same tokens laid out on one line score otherwise: the boxes reach the model.
    const flat = softmax(referenceLayoutLmMaskedLm(weights, cfg, ids, ones, boxes.map((b, t) => (t === 0 || t === 9 ? b : [(t - 1) * u, 0, t * u, u])))[mask]);
    assert.ok(result.predictions.some((p) => Math.abs(p.score - flat[p.token]) > 1e-4), 'boxes must matter');
  });
});
