/**
 * Attention explorer: all attention maps of a 256-token text on a BERT (4 layers × 128, 4 heads;
 * the bundled models/tiny-shakespeare-bert reads only 64 positions, so a random-weight BERT of
 * that size with 512 positions stands in). Reports the ORT run alone and run + conversion to the
 * per-head rows the explorer draws (toAttentionMap), with the session already open; and the
 * webview's render time for 256 tokens that the real-VS-Code suite printed last (bench/vscode-log.ts).
 * Run alone: `npx tsx bench/attention.bench.ts`. Numbers only, no asserts.
 */
import { GraphBuilder } from '../src/graph';
import { toAttentionMap } from '../src/infer/attention-maps';
import { BERT_DEFAULTS, type BertConfig } from '../src/models/configs';
import { attentionOutputName, exportBertOnnx } from '../src/models/bert/export-onnx';
import { buildBertForMaskedLM } from '../src/models/bert/model';
import { InputParams, initialWeights } from '../src/nn/params';
import { RuntimeSession } from '../src/runtime';
import type { BenchResult } from './stats';
import { lastPrintedByVsCodeSuite } from './vscode-log';
import { median, round, runWhenMain } from './stats';

const TOKENS = 256;

export async function run(): Promise<BenchResult[]> {
  const cfg: BertConfig = { ...BERT_DEFAULTS, vocab_size: 1024, hidden_size: 128, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 512, max_position_embeddings: 512 };
  const g = new GraphBuilder('specs');
  const params = new InputParams(g);
  buildBertForMaskedLM(g, params, cfg, { inputIds: g.input('ids', 'int32', [1, 2]) });
  const t0 = performance.now();
  const session = await RuntimeSession.create(exportBertOnnx(cfg, initialWeights(params.specs, 1), 'masked-lm'), { intraOpNumThreads: 2 });
  const openMs = performance.now() - t0;
  const row = (f: (i: number) => number) => ({ dtype: 'int64' as const, shape: [1, TOKENS], data: BigInt64Array.from({ length: TOKENS }, (_, i) => BigInt(f(i))) });
  const feeds = { input_ids: row((i) => 5 + (i % 900)), attention_mask: row(() => 1), token_type_ids: row(() => 0) };
  const names = Array.from({ length: cfg.num_hidden_layers }, (_, i) => attentionOutputName(i));
  const runs: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < 13; i++) {
    const a = performance.now();
    const out = await session.run(feeds, names);
    const b = performance.now();
    names.map((n, layer) => toAttentionMap('self', layer, out[n]));
    const c = performance.now();
    if (i >= 3) {
      runs.push(b - a);
      total.push(c - a);
    }
  }
  await session.release();
  const results: BenchResult[] = [
    { name: `bert 4×128 attention maps, ${TOKENS} tokens: ORT run`, value: round(median(runs)), unit: 'ms', note: `median of 10; session open ${round(openMs)} ms` },
    { name: `bert 4×128 attention maps, ${TOKENS} tokens: run + per-head rows`, value: round(median(total)), unit: 'ms', note: 'target ≤ 50 ms' },
  ];
  const render = lastPrintedByVsCodeSuite(/256 tokens, 4 layers × 4 heads: render ([\d.]+) \/ ([\d.]+) \/ ([\d.]+) ms/g);
  if (render) {
    const times = render.match.slice(1, 4).map(Number);
    results.push({ name: `bert 4×128 attention explorer, ${TOKENS} tokens: render in the webview (real VS Code)`, value: round(median(times)), unit: 'ms', note: `median of ${times.join(' / ')} printed by test/e2e/suite/attention.test.ts, read from ${render.source}` });
  } else {
    process.stderr.write('attention: no webview render time: run bash scripts/test-vscode.sh first\n');
  }
  return results;
}


runWhenMain(module, run);
