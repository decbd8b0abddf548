/**
 * A GPT-2 folder written the way the Hub's `gpt2` checkpoint is (GPT2Model names without the
 * `transformer.` prefix, attention-mask buffers, a redundant lm_head copy; no onnx/), with
 * random weights through our safetensors writer, loads and matches the same weights built
 * directly into a graph.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CausalLm } from '../../../src/infer/causal-lm';
import { exportGpt2Onnx } from '../../../src/models/gpt2/export-onnx';
import { buildGpt2 } from '../../../src/models/gpt2/model';
import { InputParams, initialWeights } from '../../../src/nn/params';
import { GraphBuilder } from '../../../src/graph';
import { writeSafetensors } from '../../../src/modelfile/safetensors';
import { writeTokenizerFiles, trainTokenizer } from '../../../src/tokenizer';
import { RuntimeSession } from '../../../src/runtime';
import { tinyGpt2Config } from '../../helpers/tiny-gpt2';

describe('GPT-2 folder with Hub-style names', () => {
  it('loads and gives the logits of the same weights built directly', async () => {
    const tokenizer = trainTokenizer('char', ['abcdefgh ij']);
    const cfg = tinyGpt2Config({ vocab_size: tokenizer.vocabSize, n_positions: 16 });
    const g = new GraphBuilder('specs');
    const params = new InputParams(g);
    buildGpt2(g, params, cfg, { inputIds: g.input('ids', 'int32', [1, 4]) });
    const weights = initialWeights(params.specs, 9);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-hubnames-'));
    try {
      const tensors = new Map(params.specs.map((s) => [s.name.replace(/^transformer\./, ''), { dtype: 'F32' as const, shape: s.shape, data: weights.get(s.name) as Float32Array }]));
      tensors.set('h.0.attn.bias', { dtype: 'F32', shape: [1, 1, 16, 16], data: new Float32Array(256) });
      tensors.set('lm_head.weight', { dtype: 'F32', shape: [cfg.vocab_size, cfg.n_embd], data: weights.get('transformer.wte.weight') as Float32Array });
      await writeSafetensors(path.join(dir, 'model.safetensors'), tensors);
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt2', vocab_size: cfg.vocab_size, n_positions: 16, n_embd: cfg.n_embd, n_layer: 2, n_head: 2, bos_token_id: 0, eos_token_id: 0, architectures: ['GPT2Model'] }));
      await writeTokenizerFiles(dir, tokenizer, { modelMaxLength: 16 });
      const lm = await CausalLm.open(dir, { intraOpNumThreads: 1 });
      const ids = [1, 4, 2, 7, 3];
      const loaded = (await lm.forward(ids, lm.emptyCache())).logits;
      await lm.release();
      const direct = await RuntimeSession.create(exportGpt2Onnx(cfg, weights));
      const ref = lm.emptyCache();
      const feeds = {
        input_ids: { dtype: 'int64' as const, shape: [1, 5], data: BigInt64Array.from(ids, BigInt) },
        attention_mask: { dtype: 'int64' as const, shape: [1, 5], data: new BigInt64Array(5).fill(1n) },
        position_ids: { dtype: 'int64' as const, shape: [1, 5], data: BigInt64Array.from([0, 1, 2, 3, 4], BigInt) },
        ...Object.fromEntries(ref.keys.flatMap((k, i) => [[`past_key_values.${i}.key`, k], [`past_key_values.${i}.value`, ref.values[i]]])),
      };
      const expected = (await direct.run(feeds, ['logits'])).logits.data as Float32Array;
      await direct.release();
      assert.deepEqual(Array.from(loaded), Array.from(expected));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
