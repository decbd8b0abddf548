/**
 * The training step as ONE ONNX graph:
 *   (params, m, v, step, lr, batch) → (loss, grad_norm, params', m', v')
 * forward → loss → backward → global-norm clip → AdamW. The runtime feeds each step's
 * outputs back as the next step's inputs.
 */
import { gradients } from '../../autodiff';
import { mergeSiblingGemms } from '../../graph/passes/merge-gemms';
import { GraphBuilder, numElements, type Graph, type Value } from '../../graph';
import { type Dropout, type DropoutSite, MaskDropout } from '../../nn/dropout';
import { FlatParams, InputParams, flatOffsets, type ParamSource, type ParamSpec } from '../../nn/params';
import { type AdamWConfig, adamwUpdate, clipCoefficient, globalNorm } from './adamw';

export interface ForwardResult {
  loss: Value;
  /** Extra named outputs to report each step (e.g. masked-LM accuracy counts). */
  metrics?: Record<string, Value>;
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
  const { loss, metrics = {} } = forward(g, params, dropout);
  mergeSiblingGemms(g); // before autodiff, so the backward pass inherits the wider Gemms
  const reserved = new Set([...g.graph.inputs.filter((v) => v.name.startsWith('dropout_mask_') || v.name.startsWith('flat.') || params.values.includes(v))]);
  const batchInputs = g.graph.inputs.filter((v) => !reserved.has(v)).map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape as number[] }));
  const step = g.input(stepNames.step, dtype, []);
  const lr = g.input(stepNames.lr, dtype, []);
  const grads = gradients(g, loss, params.values);
  return { loss, metrics, batchInputs, dropout, step, lr, grads };
}

function outputScalars(g: GraphBuilder, loss: Value, norm: Value, metrics: Record<string, Value>): void {
  g.output(loss, stepNames.loss);
  g.output(norm, stepNames.gradNorm);
  for (const [key, value] of Object.entries(metrics)) g.output(value, key);
}

function buildPerTensor(forward: ForwardBuilder, optimizer: AdamWConfig, dtype: 'float32' | 'float64', name: string): StepGraph {
  const g = new GraphBuilder(name);
  const params = new InputParams(g, dtype);
  const { loss, metrics, batchInputs, dropout, step, lr, grads } = forwardAndGradients(g, forward, params, dtype);
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
  outputScalars(g, loss, norm, metrics);
  params.specs.forEach((spec, i) => {
    g.output(updates[i].param, stepNames.next(spec.name));
    g.output(updates[i].m, stepNames.next(stepNames.m(spec.name)));
    g.output(updates[i].v, stepNames.next(stepNames.v(spec.name)));
  });
  return { graph: g.graph, params: params.specs, batchInputs, dropoutSites: dropout.sites, metricNames: Object.keys(metrics) };
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
  const { loss, metrics, batchInputs, dropout, step, lr, grads } = forwardAndGradients(g, forward, params, dtype);
  const grad = g.concat(grads.map((d) => (d.shape.length === 1 ? d : g.reshape(d, [-1]))), 0); // (N,)
  const norm = globalNorm(g, [grad]);
  const scale = optimizer.clipNorm > 0 ? clipCoefficient(g, norm, optimizer.clipNorm) : undefined;
  // Without decay the mask would be an unused initializer (ORT warns about those).
  const decay = optimizer.weightDecay !== 0 && g.constant({ dtype, shape: [size], data: decayMask(specs, offsets, size, dtype) }, 'decay_mask');
  const m = g.input(stepNames.flatM, dtype, [size]);
  const v = g.input(stepNames.flatV, dtype, [size]);
  const [update] = g.scope('adamw', () => adamwUpdate(g, [{ param: flat, grad, m, v, decay }], step, lr, optimizer, scale));
  outputScalars(g, loss, norm, metrics);
  // Renamed in place: an Identity would copy each N-vector once more.
  g.output(update.param, stepNames.next(stepNames.flatParams), { rename: true });
  g.output(update.m, stepNames.next(stepNames.flatM), { rename: true });
  g.output(update.v, stepNames.next(stepNames.flatV), { rename: true });
  return { graph: g.graph, params: specs, batchInputs, dropoutSites: dropout.sites, metricNames: Object.keys(metrics), flat: { offsets, size } };
}

/** 1 where AdamW decays the parameter (spec.decay), else 0. */
function decayMask(specs: ParamSpec[], offsets: number[], size: number, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  const mask = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  specs.forEach((s, i) => {
    if (s.decay) mask.fill(1, offsets[i], offsets[i] + numElements(s.shape));
  });
  return mask;
}
