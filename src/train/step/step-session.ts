/**
 * Runs a step graph in ONNX Runtime and carries the training state between steps: each
 * step's outputs (params', m', v') become the next step's inputs without copies.
 */
import type { TensorData, TypedArray } from '../../graph';
import type { DropoutSite } from '../../nn/dropout';
import type { ParamSpec, Weights } from '../../nn/params';
import { RuntimeSession, type SessionConfig } from '../../runtime';
import { Rng } from '../../util/rng';
import { InputError } from '../../util/errors';
import { TRAINING_FILES } from '../../modelfile/layout';
import { metricValues } from './metric-values';
import { type CarriedSpec, type StepGraph, stepNames } from './step-graph';
import { writeOnnx } from '../../graph';

type FloatArray = Float32Array | Float64Array;

/** Everything that changes during training; what a checkpoint saves. */
export interface TrainState {
  params: Map<string, FloatArray>;
  m: Map<string, FloatArray>;
  v: Map<string, FloatArray>;
  /** Optimizer steps taken so far. */
  step: number;
  /** Tensors the step graph carries between steps (StepGraph.carried), by graph input name. */
  carried?: Map<string, FloatArray>;
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

/** The flat layout's three vectors, and the per-parameter views of them we put in the state. */
interface FlatState {
  params: FloatArray;
  m: FloatArray;
  v: FloatArray;
  views: { params: FloatArray[]; m: FloatArray[]; v: FloatArray[] };
}

export class StepSession {
  private flatState?: FlatState;

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
    initCarried(state, stepGraph.carried);
    const session = await RuntimeSession.create(writeOnnx(stepGraph.graph), config);
    return new StepSession(session, stepGraph, state, dtype);
  }

  get provider() {
    return this.session.provider;
  }

  /** One optimizer step on `batch` at learning rate `lr`; dropout masks are drawn from `rng`. */
  async run(batch: Record<string, TensorData>, lr: number, rng?: Rng): Promise<StepResult> {
    const feeds: Record<string, TensorData> = { ...batch };
    const scalar = (x: number): TensorData => ({ dtype: this.dtype, shape: [], data: this.dtype === 'float32' ? Float32Array.of(x) : Float64Array.of(x) });
    feeds[stepNames.step] = scalar(this.state.step + 1);
    feeds[stepNames.lr] = scalar(lr);
    if (this.stepGraph.flat) this.feedFlat(feeds, this.stepGraph.flat.size);
    else this.feedPerTensor(feeds);
    for (const site of this.stepGraph.dropoutSites) feeds[site.name] = dropoutMask(site, this.dtype, rng);
    for (const c of this.stepGraph.carried) {
      const value = this.state.carried!.get(c.name)!;
      c.beforeStep?.(value, this.state.params);
      feeds[c.name] = { dtype: this.dtype, shape: c.shape, data: value };
    }
    const out = await this.session.run(feeds);
    for (const c of this.stepGraph.carried) if (c.inGraph) this.state.carried!.set(c.name, out[stepNames.next(c.name)].data as FloatArray);
    if (this.stepGraph.flat) this.takeFlat(out, this.stepGraph.flat.offsets);
    else this.takePerTensor(out);
    this.state.step += 1;
    const metrics = metricValues(out, this.stepGraph.metricNames);
    return { loss: Number(out[stepNames.loss].data[0]), gradNorm: Number(out[stepNames.gradNorm].data[0]), metrics };
  }

  private feedPerTensor(feeds: Record<string, TensorData>): void {
    const { params, m, v } = this.state;
    for (const spec of this.stepGraph.params) {
      feeds[spec.name] = { dtype: this.dtype, shape: spec.shape, data: params.get(spec.name)! };
      feeds[stepNames.m(spec.name)] = { dtype: this.dtype, shape: spec.shape, data: m.get(spec.name)! };
      feeds[stepNames.v(spec.name)] = { dtype: this.dtype, shape: spec.shape, data: v.get(spec.name)! };
    }
  }

  private takePerTensor(out: Record<string, TensorData>): void {
    const { params, m, v } = this.state;
    for (const spec of this.stepGraph.params) {
      params.set(spec.name, out[stepNames.next(spec.name)].data as FloatArray);
      m.set(spec.name, out[stepNames.next(stepNames.m(spec.name))].data as FloatArray);
      v.set(spec.name, out[stepNames.next(stepNames.v(spec.name))].data as FloatArray);
    }
  }

  /**
   * Feeds the three flat vectors. After a step the state's maps hold views into the vectors the
   * graph returned, so they go back in without a copy; a state replaced or edited by the caller
   * (resume, tests) holds other arrays and is packed afresh.
   */
  private feedFlat(feeds: Record<string, TensorData>, size: number): void {
    const specs = this.stepGraph.params;
    const held = (map: Map<string, FloatArray>, views: FloatArray[] | undefined) => !!views && specs.every((s, i) => map.get(s.name) === views[i]);
    const fs = this.flatState;
    const fresh = !fs || !held(this.state.params, fs.views.params) || !held(this.state.m, fs.views.m) || !held(this.state.v, fs.views.v);
    const pack = (map: Map<string, FloatArray>): FloatArray => {
      const flat = this.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
      specs.forEach((s, i) => flat.set(map.get(s.name)!, this.stepGraph.flat!.offsets[i]));
      return flat;
    };
    const vectors = fresh ? { params: pack(this.state.params), m: pack(this.state.m), v: pack(this.state.v) } : fs!;
    feeds[stepNames.flatParams] = { dtype: this.dtype, shape: [size], data: vectors.params };
    feeds[stepNames.flatM] = { dtype: this.dtype, shape: [size], data: vectors.m };
    feeds[stepNames.flatV] = { dtype: this.dtype, shape: [size], data: vectors.v };
  }

  /** Takes the updated vectors and points the state's maps at views of them. */
  private takeFlat(out: Record<string, TensorData>, offsets: number[]): void {
    const specs = this.stepGraph.params;
    const vector = (name: string) => out[stepNames.next(name)].data as FloatArray;
    const [params, m, v] = [vector(stepNames.flatParams), vector(stepNames.flatM), vector(stepNames.flatV)];
    const viewsOf = (flat: FloatArray, map: Map<string, FloatArray>) =>
      specs.map((s, i) => {
        const view = flat.subarray(offsets[i], offsets[i] + map.get(s.name)!.length);
        map.set(s.name, view);
        return view;
      });
    this.flatState = { params, m, v, views: { params: viewsOf(params, this.state.params), m: viewsOf(m, this.state.m), v: viewsOf(v, this.state.v) } };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Gives a fresh state (no `carried` map) its carried tensors, made from the parameters; checks
 * that a resumed state (a map, from the checkpoint) has each one at its length: a checkpoint
 * without them would resume another run silently.
 */
export function initCarried(state: TrainState, specs: readonly CarriedSpec[]): void {
  if (specs.length === 0) return;
  if (!state.carried) {
    state.carried = new Map(specs.map((s) => [s.name, s.initial(state.params)]));
    return;
  }
  for (const spec of specs) {
    const held = state.carried.get(spec.name);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (held?.length !== n) {
      throw new InputError(`the checkpoint's ${TRAINING_FILES.carried} ${held ? `holds ${held.length} values for '${spec.name}', not ${n}` : `lacks '${spec.name}'`}; the checkpoint is damaged, so the run cannot resume exactly (start a new run)`);
    }
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
