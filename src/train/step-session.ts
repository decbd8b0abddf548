/**
 * Runs a step graph in ONNX Runtime and carries the training state between steps: each
 * step's outputs (params', m', v') become the next step's inputs without copies.
 */
import type { TensorData, TypedArray } from '../graph';
import type { DropoutSite } from '../nn/dropout';
import type { ParamSpec, Weights } from '../nn/params';
import { RuntimeSession, type SessionConfig } from '../runtime';
import { Rng } from '../util/rng';
import { type StepGraph, stepNames } from './step-graph';
import { writeOnnx } from '../graph';

type FloatArray = Float32Array | Float64Array;

/** Everything that changes during training; what a checkpoint saves. */
export interface TrainState {
  params: Map<string, FloatArray>;
  m: Map<string, FloatArray>;
  v: Map<string, FloatArray>;
  /** Optimizer steps taken so far. */
  step: number;
}

export interface StepResult {
  loss: number;
  gradNorm: number;
  metrics: Record<string, number>;
}

export function freshTrainState(specs: ParamSpec[], weights: Weights): TrainState {
  const zeros = (spec: ParamSpec) => new (weights.get(spec.name)!.constructor as Float32ArrayConstructor)(weights.get(spec.name)!.length);
  return {
    params: new Map(specs.map((s) => [s.name, weights.get(s.name)!])),
    m: new Map(specs.map((s) => [s.name, zeros(s)])),
    v: new Map(specs.map((s) => [s.name, zeros(s)])),
    step: 0,
  };
}

export class StepSession {
  private constructor(
    private readonly session: RuntimeSession,
    private readonly stepGraph: StepGraph,
    public state: TrainState,
    private readonly dtype: 'float32' | 'float64',
  ) {}

  static async create(stepGraph: StepGraph, state: TrainState, config: SessionConfig = {}): Promise<StepSession> {
    for (const spec of stepGraph.params) {
      if (!state.params.has(spec.name)) throw new Error(`training state has no tensor for parameter '${spec.name}'`);
    }
    const dtype = stepGraph.graph.inputs.find((v) => v.name === stepNames.lr)?.dtype === 'float64' ? 'float64' : 'float32';
    const session = await RuntimeSession.create(writeOnnx(stepGraph.graph), config);
    return new StepSession(session, stepGraph, state, dtype);
  }

  get provider() {
    return this.session.provider;
  }

  /** One optimizer step on `batch` at learning rate `lr`; dropout masks are drawn from `rng`. */
  async run(batch: Record<string, TensorData>, lr: number, rng?: Rng): Promise<StepResult> {
    const { params, m, v } = this.state;
    const feeds: Record<string, TensorData> = { ...batch };
    const scalar = (x: number): TensorData => ({ dtype: this.dtype, shape: [], data: this.dtype === 'float32' ? Float32Array.of(x) : Float64Array.of(x) });
    feeds[stepNames.step] = scalar(this.state.step + 1);
    feeds[stepNames.lr] = scalar(lr);
    for (const spec of this.stepGraph.params) {
      feeds[spec.name] = { dtype: this.dtype, shape: spec.shape, data: params.get(spec.name)! };
      feeds[stepNames.m(spec.name)] = { dtype: this.dtype, shape: spec.shape, data: m.get(spec.name)! };
      feeds[stepNames.v(spec.name)] = { dtype: this.dtype, shape: spec.shape, data: v.get(spec.name)! };
    }
    for (const site of this.stepGraph.dropoutSites) feeds[site.name] = dropoutMask(site, this.dtype, rng);
    const out = await this.session.run(feeds);
    for (const spec of this.stepGraph.params) {
      params.set(spec.name, out[stepNames.next(spec.name)].data as FloatArray);
      m.set(spec.name, out[stepNames.next(stepNames.m(spec.name))].data as FloatArray);
      v.set(spec.name, out[stepNames.next(stepNames.v(spec.name))].data as FloatArray);
    }
    this.state.step += 1;
    const metrics = Object.fromEntries(this.stepGraph.metricNames.map((n) => [n, Number(out[n].data[0])]));
    return { loss: Number(out[stepNames.loss].data[0]), gradNorm: Number(out[stepNames.gradNorm].data[0]), metrics };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** A 0/1 dropout mask for `site`, drawn from `rng` (every trainer graph draws them the same way). */
export function dropoutMask(site: DropoutSite, dtype: 'float32' | 'float64', rng?: Rng): TensorData {
  if (!rng) throw new Error('this step graph has dropout: pass an RNG to draw its masks');
  const n = site.shape.reduce((a, b) => a * b, 1);
  const data: TypedArray = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.next() >= site.p ? 1 : 0;
  return { dtype, shape: site.shape, data };
}
