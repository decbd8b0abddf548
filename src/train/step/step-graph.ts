/**
 * The training step as ONE ONNX graph:
 *   (params, m, v, step, lr, batch) → (loss, grad_norm, params', m', v')
 * forward → loss → backward → global-norm clip → AdamW. The runtime feeds each step's
 * outputs back as the next step's inputs.
 */
import { gradients } from '../../autodiff';
import { mergeSiblingGemms } from '../../graph/passes/merge-gemms';
import { GraphBuilder, type Graph, type Value } from '../../graph';
import { type Dropout, type DropoutSite, MaskDropout } from '../../nn/dropout';
import { FlatParams, InputParams, flatOffsets, type ParamSource, type ParamSpec } from '../../nn/params';
import { type AdamWConfig, adamwUpdate, clipCoefficient, globalNorm } from './adamw';

export interface ForwardResult {
  loss: Value;
  /** Extra named outputs to report each step (e.g. masked-LM accuracy counts). */
  metrics?: Record<string, Value>;
  /** State the step carries to the next besides parameters and moments (a contrastive run's queue and momentum encoder). */
  carried?: CarriedTensor[];
}

/**
 * A tensor carried from step to step outside the optimizer, fed as the graph input `input` and
 * saved in checkpoints; no gradient flows into it. Either the graph computes its value after the
 * step (`next`, an output `next.<input's name>` fed back at the next step), or `beforeStep`
 * updates it in place before each feed (cheaper for a plain elementwise update of a big vector:
 * no graph output to allocate).
 */
export interface CarriedTensor {
  input: Value;
  next?: Value;
  /** Updates the value in place before the step's feed, from the parameters the step starts from. */
  beforeStep?(value: FloatArray, params: ReadonlyMap<string, FloatArray>): void;
  /** Its value before the first step, made from the initial parameters. */
  initial(params: ReadonlyMap<string, FloatArray>): FloatArray;
}

type FloatArray = Float32Array | Float64Array;

/** A carried tensor as sessions and checkpoints see it. */
export interface CarriedSpec extends Pick<CarriedTensor, 'initial' | 'beforeStep'> {
  name: string;
  shape: number[];
  /** Whether the graph gives the next value (as `next.<name>`). */
  inGraph: boolean;
}

/** The specs of a forward pass's carried tensors. */
export function carriedSpecs(carried: readonly CarriedTensor[] = []): CarriedSpec[] {
  return carried.map((c) => ({ name: c.input.name, shape: c.input.shape as number[], initial: c.initial, beforeStep: c.beforeStep, inGraph: c.next !== undefined }));
}

/** Builds the model's forward pass and loss; declares the batch inputs it needs on `g`. */
export type ForwardBuilder = (g: GraphBuilder, params: ParamSource, dropout: Dropout) => ForwardResult;

export interface StepGraph {
  graph: Graph;
  /** The parameter-layout table, in graph-input order. */
  params: ParamSpec[];
  /** Names of the per-step batch inputs the forward builder declared. */
  batchInputs: { name: string; dtype: string; shape: number[] }[];
  dropoutSites: DropoutSite[];
  metricNames: string[];
  /** Tensors carried from step to step (ForwardResult.carried), in feed order. */
  carried: CarriedSpec[];
  /**
   * Set when parameters, m and v travel as one flat vector each (stepNames.flat*): where each
   * parameter starts in it (params order) and its length.
   */
  flat?: { offsets: number[]; size: number };
}

/** How the step graph receives parameters and optimizer state. */
export type StateLayout = 'flat' | 'per-tensor';

/** Graph names for one parameter's tensors. */
export const stepNames = {
  m: (param: string) => `adam_m.${param}`,
  v: (param: string) => `adam_v.${param}`,
  next: (name: string) => `next.${name}`,
  loss: 'loss',
  gradNorm: 'grad_norm',
  step: 'step',
  lr: 'lr',
  /** The flat layout's inputs; outputs are `next.` + these. */
  flatParams: 'flat.params',
  flatM: 'flat.adam_m',
  flatV: 'flat.adam_v',
};

/**
 * `layout` 'flat' (default) packs parameters, m and v into one vector each: 3 feeds and ~15
 * optimizer ops instead of 3 feeds and ~15 ops per tensor (bench/OPTIMISATIONS.md: 1648 → 627
 * nodes, about equal speed at the nanoGPT size, slightly faster at 2 threads). 'per-tensor' gives
 * every tensor its own input and output. StepSession runs both.
 */
export function buildStepGraph(forward: ForwardBuilder, optimizer: AdamWConfig, dtype: 'float32' | 'float64' = 'float32', name = 'train_step', layout: StateLayout = 'flat'): StepGraph {
  return layout === 'flat' ? buildFlat(forward, optimizer, dtype, name) : buildPerTensor(forward, optimizer, dtype, name);
}

/** What every layout shares: forward (with the Gemm merge pass), batch inputs, step/lr inputs, gradients. */
function forwardAndGradients(g: GraphBuilder, forward: ForwardBuilder, params: ParamSource & { values: Value[] }, dtype: 'float32' | 'float64') {
  const dropout = new MaskDropout();
  const { loss, metrics = {}, carried = [] } = forward(g, params, dropout);
  mergeSiblingGemms(g); // before autodiff, so the backward pass inherits the wider Gemms
  const carriedInputs = new Set(carried.map((c) => c.input));
  const reserved = new Set([...g.graph.inputs.filter((v) => v.name.startsWith('dropout_mask_') || v.name.startsWith('flat.') || params.values.includes(v) || carriedInputs.has(v))]);
  const batchInputs = g.graph.inputs.filter((v) => !reserved.has(v)).map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape as number[] }));
  const step = g.input(stepNames.step, dtype, []);
  const lr = g.input(stepNames.lr, dtype, []);
  const grads = gradients(g, loss, params.values);
  return { loss, metrics, carried, batchInputs, dropout, step, lr, grads };
}

function outputScalars(g: GraphBuilder, loss: Value, norm: Value, metrics: Record<string, Value>, carried: readonly CarriedTensor[]): void {
  g.output(loss, stepNames.loss);
  g.output(norm, stepNames.gradNorm);
  for (const [key, value] of Object.entries(metrics)) g.output(value, key);
  for (const c of carried) if (c.next) g.output(c.next, stepNames.next(c.input.name));
}

function buildPerTensor(forward: ForwardBuilder, optimizer: AdamWConfig, dtype: 'float32' | 'float64', name: string): StepGraph {
  const g = new GraphBuilder(name);
  const params = new InputParams(g, dtype);
  const { loss, metrics, carried, batchInputs, dropout, step, lr, grads } = forwardAndGradients(g, forward, params, dtype);
  const norm = globalNorm(g, grads);
  const scale = optimizer.clipNorm > 0 ? clipCoefficient(g, norm, optimizer.clipNorm) : undefined;
  const tensors = params.specs.map((spec, i) => ({
    param: params.values[i],
    grad: grads[i],
    m: g.input(stepNames.m(spec.name), dtype, spec.shape),
    v: g.input(stepNames.v(spec.name), dtype, spec.shape),
    decay: spec.decay,
  }));
  const updates = g.scope('adamw', () => adamwUpdate(g, tensors, step, lr, optimizer, scale));
  outputScalars(g, loss, norm, metrics, carried);
  params.specs.forEach((spec, i) => {
    g.output(updates[i].param, stepNames.next(spec.name));
    g.output(updates[i].m, stepNames.next(stepNames.m(spec.name)));
    g.output(updates[i].v, stepNames.next(stepNames.v(spec.name)));
  });
  return { graph: g.graph, params: params.specs, batchInputs, dropoutSites: dropout.sites, metricNames: Object.keys(metrics), carried: carriedSpecs(carried) };
}

function buildFlat(forward: ForwardBuilder, optimizer: AdamWConfig, dtype: 'float32' | 'float64', name: string): StepGraph {
  // A throwaway build reads the parameter table (the flat input's size depends on it).
  const probe = new InputParams(new GraphBuilder('probe'), dtype);
  forward(new GraphBuilder('probe'), probe, new MaskDropout());
  const specs = probe.specs;
  const { offsets, size } = flatOffsets(specs);

  const g = new GraphBuilder(name);
  const flat = g.input(stepNames.flatParams, dtype, [size]); // (N,)
  const params = new FlatParams(g, flat, specs);
  const { loss, metrics, carried, batchInputs, dropout, step, lr, grads } = forwardAndGradients(g, forward, params, dtype);
  const grad = g.concat(grads.map((d) => (d.shape.length === 1 ? d : g.reshape(d, [-1]))), 0); // (N,)
  const norm = globalNorm(g, [grad]);
  const scale = optimizer.clipNorm > 0 ? clipCoefficient(g, norm, optimizer.clipNorm) : undefined;
  const decay = (factor: Value) => decayedFlat(g, params, factor);
  const m = g.input(stepNames.flatM, dtype, [size]);
  const v = g.input(stepNames.flatV, dtype, [size]);
  const [update] = g.scope('adamw', () => adamwUpdate(g, [{ param: flat, grad, m, v, decay }], step, lr, optimizer, scale));
  outputScalars(g, loss, norm, metrics, carried);
  // Renamed in place: an Identity would copy each N-vector once more.
  g.output(update.param, stepNames.next(stepNames.flatParams), { rename: true });
  g.output(update.m, stepNames.next(stepNames.flatM), { rename: true });
  g.output(update.v, stepNames.next(stepNames.flatV), { rename: true });
  return { graph: g.graph, params: specs, batchInputs, dropoutSites: dropout.sites, metricNames: Object.keys(metrics), carried: carriedSpecs(carried), flat: { offsets, size } };
}

/**
 * The flat parameters after decoupled weight decay: each tensor that decays (spec.decay) times
 * `factor`, the others as they are, joined again. Built from FlatParams' split, which the forward
 * pass already made: no N-sized 0/1 mask in the graph (500 MB for GPT-2 small, and as much again
 * in ORT's copy of it) and none computed each step. Bit for bit what `param · (1 - lr·λ·mask)` gave.
 */
function decayedFlat(g: GraphBuilder, params: FlatParams, factor: Value): Value {
  const parts = params.specs.map((spec, i) => {
    const part = params.values[i];
    const flat = part.shape.length === 1 ? part : g.reshape(part, [-1]);
    return spec.decay ? g.mul(flat, factor) : flat;
  });
  return parts.length === 1 ? parts[0] : g.concat(parts, 0);
}
