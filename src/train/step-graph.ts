/**
 * The training step as ONE ONNX graph:
 *   (params, m, v, step, lr, batch) → (loss, grad_norm, params', m', v')
 * forward → loss → backward → global-norm clip → AdamW. The runtime feeds each step's
 * outputs back as the next step's inputs.
 */
import { gradients } from '../autodiff';
import { GraphBuilder, type Graph, type Value } from '../graph';
import { type Dropout, type DropoutSite, MaskDropout } from '../nn/dropout';
import { InputParams, type ParamSource, type ParamSpec } from '../nn/params';
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
}

/** Graph names for one parameter's tensors. */
export const stepNames = {
  m: (param: string) => `adam_m.${param}`,
  v: (param: string) => `adam_v.${param}`,
  next: (name: string) => `next.${name}`,
  loss: 'loss',
  gradNorm: 'grad_norm',
  step: 'step',
  lr: 'lr',
};

export function buildStepGraph(forward: ForwardBuilder, optimizer: AdamWConfig, dtype: 'float32' | 'float64' = 'float32', name = 'train_step'): StepGraph {
  const g = new GraphBuilder(name);
  const params = new InputParams(g, dtype);
  const dropout = new MaskDropout();
  const { loss, metrics = {} } = forward(g, params, dropout);
  const reserved = new Set([...params.values, ...g.graph.inputs.filter((v) => v.name.startsWith('dropout_mask_'))]);
  const batchInputs = g.graph.inputs.filter((v) => !reserved.has(v)).map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape as number[] }));

  const step = g.input(stepNames.step, dtype, []);
  const lr = g.input(stepNames.lr, dtype, []);
  const grads = gradients(g, loss, params.values);
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

  g.output(loss, stepNames.loss);
  g.output(norm, stepNames.gradNorm);
  for (const [key, value] of Object.entries(metrics)) g.output(value, key);
  params.specs.forEach((spec, i) => {
    g.output(updates[i].param, stepNames.next(spec.name));
    g.output(updates[i].m, stepNames.next(stepNames.m(spec.name)));
    g.output(updates[i].v, stepNames.next(stepNames.v(spec.name)));
  });
  return { graph: g.graph, params: params.specs, batchInputs, dropoutSites: dropout.sites, metricNames: Object.keys(metrics) };
}
