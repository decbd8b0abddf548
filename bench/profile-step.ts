/**
 * Developer tool, not a suite: ORT profile of one step graph, kernel time aggregated per op type.
 * `npx tsx bench/profile-step.ts [threads] [clm|mlm]`; env: DETAIL=1 (per scope and top nodes),
 * OP=Mul (top nodes of one op), FTZ=1 (denormals as zero), LAYOUT=per-tensor. The raw trace goes
 * to the OS temp dir and is deleted after reading.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeOnnx } from '../src/graph';
import { initialWeights } from '../src/nn/params';
import { loadOrt } from '../src/runtime/ort';
import { causalLmForward } from '../src/train/forward-clm';
import { maskedLmForward } from '../src/train/forward-mlm';
import { buildStepGraph, stepNames } from '../src/train/step/step-graph';
import { NANOBERT, NANOGPT } from './train.bench';
import type { StateLayout } from '../src/train/step/step-graph';

async function main(): Promise<void> {
  const threads = Number(process.argv[2] ?? 1);
  const kind = process.argv[3] ?? 'clm';
  const { cfg, batch, context } = NANOGPT;
  const forward = kind === 'mlm'
    ? maskedLmForward(NANOBERT, batch, context)
    : causalLmForward(cfg, batch, context);
  const sg = buildStepGraph(forward, { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 }, 'float32', 'train_step', (process.env.LAYOUT as StateLayout | undefined) ?? 'flat');
  const ort = loadOrt();
  const prefix = path.join(os.tmpdir(), `step-profile-${process.pid}`);
  const session = await ort.InferenceSession.create(writeOnnx(sg.graph), {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all',
    enableProfiling: true, profileFilePrefix: prefix, executionMode: 'sequential', ...(process.env.FTZ ? { extra: { session: { set_denormal_as_zero: '1' } } } : {}),
  });
  const w = initialWeights(sg.params, 1);
  const feeds: Record<string, unknown> = {};
  if (sg.flat) {
    const n = sg.flat.size;
    const flat = new Float32Array(n);
    sg.params.forEach((s, i) => flat.set(w.get(s.name)!, sg.flat!.offsets[i]));
    feeds[stepNames.flatParams] = new ort.Tensor('float32', flat, [n]);
    feeds[stepNames.flatM] = new ort.Tensor('float32', new Float32Array(n), [n]);
    feeds[stepNames.flatV] = new ort.Tensor('float32', new Float32Array(n), [n]);
  } else for (const s of sg.params) {
    feeds[s.name] = new ort.Tensor('float32', w.get(s.name) as Float32Array, s.shape);
    feeds[stepNames.m(s.name)] = new ort.Tensor('float32', new Float32Array(w.get(s.name)!.length), s.shape);
    feeds[stepNames.v(s.name)] = new ort.Tensor('float32', new Float32Array(w.get(s.name)!.length), s.shape);
  }
  feeds.step = new ort.Tensor('float32', Float32Array.of(1), []);
  feeds.lr = new ort.Tensor('float32', Float32Array.of(1e-3), []);
  for (const b of sg.batchInputs) feeds[b.name] = new ort.Tensor('int32', Int32Array.from({ length: batch * context }, (_, i) => (b.name === 'attention_mask' ? 1 : (i * 7) % 65)), b.shape);
  const runs = 20;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await session.run(feeds as never);
  console.log(`wall ${((performance.now() - t0) / runs).toFixed(2)} ms/step, nodes in our graph ${sg.graph.nodes.length}`);
  session.endProfiling();
  await session.release();
  // onnxruntime-node does not return the trace's name: it is `<prefix>_<date>.json`.
  const file = readdirSync(os.tmpdir()).map((f) => path.join(os.tmpdir(), f)).find((f) => f.startsWith(prefix));
  if (!file) throw new Error('no profile written');
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string } }[];
  rmSync(file);
  const modelRuns = trace.filter((e) => e.cat === 'Session' && e.name === 'model_run');
  if (modelRuns.length > 1) console.log(`ORT model_run ${(modelRuns.slice(1).reduce((a, e) => a + e.dur, 0) / (modelRuns.length - 1) / 1000).toFixed(2)} ms (mean after the first)`);
  const byOp = new Map<string, { us: number; n: number }>();
  let total = 0;
  for (const e of trace) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const op = e.args?.op_name ?? '?';
    const r = byOp.get(op) ?? { us: 0, n: 0 };
    r.us += e.dur; r.n += 1; total += e.dur;
    byOp.set(op, r);
  }
  const byScope = new Map<string, number>();
  const byNode = new Map<string, { us: number; op: string; shape: string }>();
  for (const e of trace) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const name = e.name.replace(/_kernel_time$/, '');
    const scope = /adamw|grad|norm/i.test(name) ? (name.match(/adamw|grad|norm/i)![0]) : name.split('/')[0];
    byScope.set(scope, (byScope.get(scope) ?? 0) + e.dur);
    const r = byNode.get(name) ?? { us: 0, op: e.args?.op_name ?? '?', shape: JSON.stringify((e.args as { output_type_shape?: unknown })?.output_type_shape ?? '') };
    r.us += e.dur;
    byNode.set(name, r);
  }
  if (process.env.DETAIL) {
    for (const [s, us] of [...byScope].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`scope ${s.padEnd(30)} ${(us / runs / 1000).toFixed(3)} ms`);
    for (const [n, r] of [...byNode].filter(([, r]) => !process.env.OP || r.op === process.env.OP).sort((a, b) => b[1].us - a[1].us).slice(0, 40)) console.log(`${(r.us / runs / 1000).toFixed(3)} ms ${r.op} ${n.slice(0, 70)} ${r.shape.slice(0, 60)}`);
  }
  const rows = [...byOp].sort((a, b) => b[1].us - a[1].us);
  console.log(`kernel total ${(total / runs / 1000).toFixed(2)} ms/step`);
  for (const [op, r] of rows) console.log(`${op.padEnd(28)} ${(r.us / runs / 1000).toFixed(3).padStart(8)} ms  ${(r.us / total * 100).toFixed(1).padStart(5)}%  ${r.n / runs} nodes`);
}
main();
