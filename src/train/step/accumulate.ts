/**
 * Gradient accumulation with two graphs, for runs whose optimizer step spans K micro-batches:
 *   grads graph  (params, batch)                    → (loss, grad.<p>…)     run K times
 *   apply graph  (params, m, v, grad.<p>…, step, lr) → (grad_norm, params', m', v')  run once
 * The K gradients are averaged on the JS side (one pass over the parameters per micro-batch,
 * negligible beside a forward/backward). With equal-sized micro-batches whose losses are means
 * over the same number of counted tokens (causal LM), the average equals the gradient of the
 * K-times-bigger batch, so clipping and AdamW see exactly what one big step would.
 * K = 1 never comes here: the fused single step graph (step-graph.ts) is faster.
 */
import { gradients } from '../../autodiff';
import { GraphBuilder, type Graph, type TensorData } from '../../graph';
import { writeOnnx } from '../../graph';
import { type DropoutSite, MaskDropout } from '../../nn/dropout';
import { InputParams, type ParamSpec } from '../../nn/params';
import { RuntimeSession, type SessionConfig } from '../../runtime';
import type { Rng } from '../../util/rng';
import { type AdamWConfig, adamwUpdate, clipCoefficient, globalNorm } from './adamw';
import { MetricSums, metricVectors } from './metric-values';
import { type ForwardBuilder, stepNames } from './step-graph';
import { type StepResult, type TrainState, dropoutMask } from './step-session';

type FloatArray = Float32Array | Float64Array;
const gradName = (param: string) => `grad.${param}`;

export interface GradGraph {
  graph: Graph;
  params: ParamSpec[];
  batchInputs: string[];
  dropoutSites: DropoutSite[];
  metricNames: string[];
}

/** Forward + backward only: the loss, its metrics and every parameter's gradient. */
export function buildGradGraph(forward: ForwardBuilder, dtype: 'float32' | 'float64' = 'float32'): GradGraph {
  const g = new GraphBuilder('train_grads');
  const params = new InputParams(g, dtype);
  const dropout = new MaskDropout();
  const { loss, metrics = {}, carried = [] } = forward(g, params, dropout);
  if (carried.length > 0) throw new Error('a forward pass that carries state between steps runs only in the fused step graph (one micro-batch per step)');
  const reserved = new Set([...params.values, ...g.graph.inputs.filter((v) => v.name.startsWith('dropout_mask_'))]);
  const batchInputs = g.graph.inputs.filter((v) => !reserved.has(v)).map((v) => v.name);
  const grads = gradients(g, loss, params.values);
  g.output(loss, stepNames.loss);
  for (const [key, value] of Object.entries(metrics)) g.output(value, key);
  params.specs.forEach((spec, i) => g.output(grads[i], gradName(spec.name)));
  return { graph: g.graph, params: params.specs, batchInputs, dropoutSites: dropout.sites, metricNames: Object.keys(metrics) };
}

/** Global-norm clip + AdamW on given (already averaged) gradients. */
export function buildApplyGraph(specs: ParamSpec[], optimizer: AdamWConfig, dtype: 'float32' | 'float64' = 'float32'): Graph {
  const g = new GraphBuilder('train_apply');
  const tensors = specs.map((spec) => ({
    param: g.input(spec.name, dtype, spec.shape),
    grad: g.input(gradName(spec.name), dtype, spec.shape),
    m: g.input(stepNames.m(spec.name), dtype, spec.shape),
    v: g.input(stepNames.v(spec.name), dtype, spec.shape),
    decay: spec.decay,
  }));
  const step = g.input(stepNames.step, dtype, []);
  const lr = g.input(stepNames.lr, dtype, []);
  const norm = globalNorm(g, tensors.map((t) => t.grad));
  const scale = optimizer.clipNorm > 0 ? clipCoefficient(g, norm, optimizer.clipNorm) : undefined;
  const updates = g.scope('adamw', () => adamwUpdate(g, tensors, step, lr, optimizer, scale));
  g.output(norm, stepNames.gradNorm);
  specs.forEach((spec, i) => {
    g.output(updates[i].param, stepNames.next(spec.name));
    g.output(updates[i].m, stepNames.next(stepNames.m(spec.name)));
    g.output(updates[i].v, stepNames.next(stepNames.v(spec.name)));
  });
  return g.graph;
}

/** Runs the two graphs as one optimizer step over several micro-batches. */
export class AccumulatingSession {
  private constructor(
    private readonly grads: RuntimeSession,
    private readonly apply: RuntimeSession,
    private readonly gradGraph: GradGraph,
    public state: TrainState,
    private readonly dtype: 'float32' | 'float64',
  ) {}

  static async create(forward: ForwardBuilder, optimizer: AdamWConfig, state: TrainState, config: SessionConfig = {}, dtype: 'float32' | 'float64' = 'float32'): Promise<AccumulatingSession> {
    const gradGraph = buildGradGraph(forward, dtype);
    const grads = await RuntimeSession.create(writeOnnx(gradGraph.graph), config);
    const apply = await RuntimeSession.create(writeOnnx(buildApplyGraph(gradGraph.params, optimizer, dtype)), config);
    return new AccumulatingSession(grads, apply, gradGraph, state, dtype);
  }

  get provider() {
    return this.grads.provider;
  }

  get batchInputs(): string[] {
    return this.gradGraph.batchInputs;
  }

  /** One optimizer step: the mean loss and metrics over `microBatches`, one AdamW update. */
  async run(microBatches: Record<string, TensorData>[], lr: number, rng?: Rng): Promise<StepResult> {
    const { params, m, v } = this.state;
    const specs = this.gradGraph.params;
    const tensor = (spec: ParamSpec, data: FloatArray): TensorData => ({ dtype: this.dtype, shape: spec.shape, data });
    const sums = new Map<string, FloatArray>();
    let loss = 0;
    const metricSums = new MetricSums();
    for (const batch of microBatches) {
      const feeds: Record<string, TensorData> = { ...batch };
      for (const spec of specs) feeds[spec.name] = tensor(spec, params.get(spec.name)!);
      for (const site of this.gradGraph.dropoutSites) feeds[site.name] = dropoutMask(site, this.dtype, rng);
      const out = await this.grads.run(feeds);
      loss += Number(out[stepNames.loss].data[0]);
      metricSums.add(metricVectors(out, this.gradGraph.metricNames));
      for (const spec of specs) {
        const g = out[gradName(spec.name)].data as FloatArray;
        const sum = sums.get(spec.name);
        if (!sum) sums.set(spec.name, g);
        else for (let i = 0; i < sum.length; i++) sum[i] += g[i];
      }
    }
    const k = microBatches.length;
    const feeds: Record<string, TensorData> = {};
    const scalar = (x: number): TensorData => ({ dtype: this.dtype, shape: [], data: this.dtype === 'float32' ? Float32Array.of(x) : Float64Array.of(x) });
    feeds[stepNames.step] = scalar(this.state.step + 1);
    feeds[stepNames.lr] = scalar(lr);
    for (const spec of specs) {
      const sum = sums.get(spec.name)!;
      for (let i = 0; i < sum.length; i++) sum[i] /= k;
      feeds[spec.name] = tensor(spec, params.get(spec.name)!);
      feeds[gradName(spec.name)] = tensor(spec, sum);
      feeds[stepNames.m(spec.name)] = tensor(spec, m.get(spec.name)!);
      feeds[stepNames.v(spec.name)] = tensor(spec, v.get(spec.name)!);
    }
    const out = await this.apply.run(feeds);
    for (const spec of specs) {
      params.set(spec.name, out[stepNames.next(spec.name)].data as FloatArray);
      m.set(spec.name, out[stepNames.next(stepNames.m(spec.name))].data as FloatArray);
      v.set(spec.name, out[stepNames.next(stepNames.v(spec.name))].data as FloatArray);
    }
    this.state.step += 1;
    const metrics = metricSums.values(1 / k);
    return { loss: loss / k, gradNorm: Number(out[stepNames.gradNorm].data[0]), metrics };
  }

  async release(): Promise<void> {
    await this.grads.release();
    await this.apply.release();
  }
}
