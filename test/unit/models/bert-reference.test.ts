/**
 * Our BERT graph against a plain TypeScript float64 forward pass written from transformers'
 * modeling_bert.py (BertEmbeddings, BertSelfAttention, BertSelfOutput, BertIntermediate,
 * BertOutput, BertLMPredictionHead), with the exact erf GELU, token types and padding.
 * Independent of src/graph and src/nn: it catches wiring errors a gradient check cannot
 * (a transposed weight, a LayerNorm in the wrong place, a missing residual).
 */
import type { TensorData } from '../../../src/graph';
import { bertParamSpecs } from '../../../src/models/bert/param-layout';
import { exportBertOnnx } from '../../../src/models/bert/export-onnx';
import { initialWeights, type Weights } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { assertMaskedLmMatchesReference } from '../../helpers/reference-compare';
import { bertLayer, encoderOps, type Mat, multiHeadAttention, sumRows } from '../../helpers/reference-encoder-ops';
import { tinyBertConfig } from '../../helpers/tiny-bert';

function referenceMaskedLm(w: Weights, cfg: ReturnType<typeof tinyBertConfig>, ids: number[], types: number[], mask: number[]): Mat {
  const ops = encoderOps(w, cfg.layer_norm_eps);
  const { row, linear, layerNorm, gelu, tiedDecoder } = ops;
  const C = cfg.hidden_size;
  let h: Mat = ids.map((id, t) =>
    sumRows(row('bert.embeddings.word_embeddings.weight', id, C), row('bert.embeddings.token_type_embeddings.weight', types[t], C), row('bert.embeddings.position_embeddings.weight', t, C)),
  );
  h = layerNorm(h, 'bert.embeddings.LayerNorm');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    h = bertLayer(ops, h, `bert.encoder.layer.${l}`, gelu, (q, k, v) => multiHeadAttention(q, k, v, mask, cfg.num_attention_heads));
  }
  const x = layerNorm(gelu(linear(h, 'cls.predictions.transform.dense')), 'cls.predictions.transform.LayerNorm');
  return tiedDecoder(x, 'bert.embeddings.word_embeddings.weight', 'cls.predictions.bias');
}

describe('BERT against a plain float64 reference of modeling_bert.py', () => {
  it('gives the same masked-LM logits within 1e-4 (exact gelu, token types, padding)', async () => {
    const cfg = tinyBertConfig({ vocab_size: 17, hidden_size: 12, num_attention_heads: 3, intermediate_size: 20, type_vocab_size: 2 });
    // Non-trivial LayerNorm gains and biases: HF's ones/zeros would hide a swapped pair.
    const specs = bertParamSpecs(cfg, 'masked-lm').map((s) => ({ ...s, init: { kind: 'normal', std: s.init.kind === 'normal' ? 0.4 : 0.3 } as const }));
    const weights = initialWeights(specs, 13);
    for (const s of specs) if (s.name.endsWith('LayerNorm.weight')) weights.set(s.name, weights.get(s.name)!.map((x) => 1 + x));
    const session = await RuntimeSession.create(exportBertOnnx(cfg, weights, 'masked-lm'));
    const rows = { ids: [[2, 5, 9, 14, 7, 3], [2, 11, 4, 3, 0, 0]], types: [[0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 0, 0]], mask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]] };
    const int64 = (m: number[][]): TensorData => ({ dtype: 'int64', shape: [2, 6], data: BigInt64Array.from(m.flat(), BigInt) });
    const out = await session.run({ input_ids: int64(rows.ids), token_type_ids: int64(rows.types), attention_mask: int64(rows.mask) });
    const references = rows.ids.map((ids, b) => referenceMaskedLm(weights, cfg, ids, rows.types[b], rows.mask[b]));
    assertMaskedLmMatchesReference(out.logits.data as Float32Array, references, cfg.vocab_size);
    await session.release();
  });
});
