/**
 * The contrastive step's memory, measured: the step time of a BERT of the default size on 12
 * (code, text) pairs without a queue (CLIP) and with a 256-entry queue (the momentum encoder's
 * extra forward pass and the queue shift in the step graph, its EMA in JavaScript before each
 * step), and the momentum EMA alone both ways: as graph ops (split into the encoder's tensors,
 * multiply-add, concat, one more N-vector out) and as a JavaScript loop over the flat weights,
 * the way the step takes it. Numbers only.
 */
import { GraphBuilder, numElements, writeOnnx, type TensorData } from '../src/graph';
import { BERT_DEFAULTS, type BertConfig } from '../src/models/configs';
import { initialWeights } from '../src/nn/params';
import { RuntimeSession } from '../src/runtime';
import { contrastiveForward } from '../src/train/forward-contrastive';
import { buildStepGraph } from '../src/train/step/step-graph';
import { freshTrainState, StepSession } from '../src/train/step/step-session';
import { Rng } from '../src/util/rng';
import { median, round, runWhenMain, type BenchResult } from './stats';

const [B, T, REPEATS, THREADS] = [12, 64, 30, 1];
const CFG: BertConfig = { ...BERT_DEFAULTS, architectures: ['BertModel'], vocab_size: 2048, hidden_size: 128, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 512, max_position_embeddings: T, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 };
const OPTIMIZER = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 };

/** Median step times of the variants, run in alternation (round-robin) so that load on the machine falls on all alike. */
async function stepMs(variants: { queueSize: number }[]): Promise<number[]> {
  const rng = new Rng(2);
  const ids = Int32Array.from({ length: 2 * B * T }, () => 5 + rng.int(2000));
  const pairIds = Int32Array.from({ length: 2 * B }, (_, r) => r % B);
  const batch: Record<string, TensorData> = { input_ids: { dtype: 'int32', shape: [2 * B, T], data: ids }, attention_mask: { dtype: 'int32', shape: [2 * B, T], data: new Int32Array(2 * B * T).fill(1) }, labels: { dtype: 'int32', shape: [2 * B, 1], data: pairIds } };
  const sessions = await Promise.all(
    variants.map(async ({ queueSize }) => {
      const graph = buildStepGraph(contrastiveForward(CFG, B, T, { queueSize, momentum: 0.995, seed: 1 }), OPTIMIZER);
      const session = await StepSession.create(graph, freshTrainState(graph.params, initialWeights(graph.params, 1)), { intraOpNumThreads: THREADS });
      return { session, feeds: Object.fromEntries(graph.batchInputs.map((b) => [b.name, batch[b.name]])) };
    }),
  );
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round < REPEATS + 2; round++) {
    for (const [v, { session, feeds }] of sessions.entries()) {
      const start = performance.now();
      await session.run(feeds, 1e-3, rng);
      if (round >= 2) times[v].push(performance.now() - start);
    }
  }
  await Promise.all(sessions.map((s) => s.session.release()));
  return times.map(median);
}

/**
 * The EMA alone, alternating: as the step graph builds it (split, m·old + (1−m)·online, concat,
 * with the two vectors fed and one fetched, which overstates the graph's share: in the step graph
 * the online weights are already there) and as a JavaScript loop over the flat weights.
 */
async function emaMs(sizes: number[]): Promise<{ graph: number; js: number }> {
  const N = sizes.reduce((a, b) => a + b, 0);
  const g = new GraphBuilder('ema');
  const old = g.input('old', 'float32', [N]);
  const online = g.input('online', 'float32', [N]);
  const [a, b] = [g.split(old, sizes, 0), g.split(online, sizes, 0)];
  g.output(g.concat(a.map((x, i) => g.add(g.mul(x, 0.995), g.mul(b[i], 0.005))), 0), 'next');
  const session = await RuntimeSession.create(writeOnnx(g.graph), { intraOpNumThreads: THREADS });
  const [oldData, onlineData] = [new Float32Array(N).fill(1), new Float32Array(N).fill(2)];
  const feeds: Record<string, TensorData> = { old: { dtype: 'float32', shape: [N], data: oldData }, online: { dtype: 'float32', shape: [N], data: onlineData } };
  const [graph, js] = [[] as number[], [] as number[]];
  for (let r = 0; r < 60; r++) {
    let start = performance.now();
    await session.run(feeds);
    graph.push(performance.now() - start);
    start = performance.now();
    for (let i = 0; i < N; i++) oldData[i] = 0.995 * oldData[i] + 0.005 * onlineData[i];
    js.push(performance.now() - start);
  }
  await session.release();
  return { graph: median(graph), js: median(js) };
}

export async function run(): Promise<BenchResult[]> {
  const specs = buildStepGraph(contrastiveForward(CFG, 1, 2, { queueSize: 0, momentum: 0, seed: 0 }), OPTIMIZER).params.filter((s) => s.name.startsWith('bert.'));
  const sizes = specs.map((s) => numElements(s.shape));
  const N = sizes.reduce((a, b) => a + b, 0);
  const [clip, queued] = await stepMs([{ queueSize: 0 }, { queueSize: 256 }]);
  const ema = await emaMs(sizes);
  const note = `bert 4×128, ${B} pairs × ${T} tokens a side, ${THREADS} thread`;
  return [
    { name: 'contrastive step, in-batch negatives only (K=0)', value: round(clip, 1), unit: 'ms', note },
    { name: 'contrastive step, queue K=256 + momentum encoder', value: round(queued, 1), unit: 'ms', note },
    { name: 'momentum EMA alone, graph ops (split, mul-add, concat) with its feeds', value: round(ema.graph, 2), unit: 'ms', note: `${specs.length} tensors, N=${N}` },
    { name: 'momentum EMA alone, JavaScript loop over the flat weights', value: round(ema.js, 2), unit: 'ms', note: `N=${N}` },
  ];
}

runWhenMain(module, run);
