/**
 * One interface over the two ways an optimizer step runs: the fused step graph (one micro-batch
 * per step, the fast path) or gradient accumulation over several (accumulate.ts). The loop
 * (trainer.ts) only sees a Stepper, plus the loss-only graph that evaluation runs.
 */
import { GraphBuilder, writeOnnx, type TensorData } from '../../graph';
import { noDropout } from '../../nn/dropout';
import { InputParams } from '../../nn/params';
import { RuntimeSession, type SessionConfig } from '../../runtime';
import type { ProviderChoice } from '../../runtime/execution-provider';
import type { Rng } from '../../util/rng';
import { AccumulatingSession } from './accumulate';
import type { AdamWConfig } from './adamw';
import { buildStepGraph, carriedSpecs, stepNames, type CarriedSpec, type ForwardBuilder } from './step-graph';
import { metricValues, metricVectors, type MetricVectors } from './metric-values';
import { StepSession, type StepResult, type TrainState } from './step-session';

export interface Stepper {
  readonly state: TrainState;
  readonly provider: ProviderChoice;
  /** Names of the per-micro-batch graph inputs (input_ids, labels, …). */
  readonly batchInputs: readonly string[];
  /** One optimizer step over `microBatches` (exactly one for the fused graph). */
  step(microBatches: Record<string, TensorData>[], lr: number, rng: Rng): Promise<StepResult>;
  release(): Promise<void>;
}

export async function createStepper(forward: ForwardBuilder, optimizer: AdamWConfig, state: TrainState, accumulate: number, config: SessionConfig): Promise<Stepper> {
  if (accumulate > 1) {
    const session = await AccumulatingSession.create(forward, optimizer, state, config);
    return {
      get state() {
        return session.state;
      },
      provider: session.provider,
      batchInputs: session.batchInputs,
      step: (batches, lr, rng) => session.run(batches, lr, rng),
      release: () => session.release(),
    };
  }
  const graph = buildStepGraph(forward, optimizer);
  const session = await StepSession.create(graph, state, config);
  return {
    get state() {
      return session.state;
    },
    provider: session.provider,
    batchInputs: graph.batchInputs.map((b) => b.name),
    step: async (batches, lr, rng) => {
      if (batches.length !== 1) throw new Error(`the fused step graph takes one micro-batch per step, got ${batches.length}`);
      return session.run(batches[0], lr, rng);
    },
    release: () => session.release(),
  };
}

/** The forward pass and loss alone, with parameters as inputs: validation and `eval`. */
export class LossSession {
  private constructor(
    private readonly session: RuntimeSession,
    readonly batchInputs: string[],
    readonly metricNames: string[],
    private readonly shapes: Map<string, number[]>,
    private readonly carried: CarriedSpec[],
  ) {}

  static async create(forward: ForwardBuilder, config: SessionConfig): Promise<LossSession> {
    const g = new GraphBuilder('eval_loss');
    const params = new InputParams(g, 'float32');
    const { loss, metrics = {}, carried = [] } = forward(g, params, noDropout);
    const paramInputs = new Set([...params.values, ...carried.map((c) => c.input)]);
    const batchInputs = g.graph.inputs.filter((v) => !paramInputs.has(v)).map((v) => v.name);
    g.output(loss, stepNames.loss);
    for (const [key, value] of Object.entries(metrics)) g.output(value, key);
    const session = await RuntimeSession.create(writeOnnx(g.graph), config);
    return new LossSession(session, batchInputs, Object.keys(metrics), new Map(params.specs.map((s) => [s.name, s.shape])), carriedSpecs(carried));
  }

  /** `carried`: the training state's carried tensors (StepGraph.carried); absent, their initial values from `params`. */
  async run(batch: Record<string, TensorData>, params: ReadonlyMap<string, Float32Array | Float64Array>, carried?: ReadonlyMap<string, Float32Array | Float64Array>): Promise<{ loss: number; vectors: MetricVectors; readonly metrics: Record<string, number> }> {
    const feeds: Record<string, TensorData> = { ...batch };
    for (const [name, shape] of this.shapes) {
      const data = params.get(name);
      if (!data) throw new Error(`no weights for parameter '${name}'`);
      feeds[name] = { dtype: 'float32', shape, data };
    }
    for (const c of this.carried) feeds[c.name] = { dtype: 'float32', shape: c.shape, data: carried?.get(c.name) ?? c.initial(params) };
    const out = await this.session.run(feeds);
    const names = this.metricNames;
    // `vectors` for summing over many batches; `metrics` named, made only when read.
    return { loss: Number(out[stepNames.loss].data[0]), vectors: metricVectors(out, names), get metrics() { return metricValues(out, names); } };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
