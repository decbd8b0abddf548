/**
 * Inference jobs for the editor's panels (attention explorer, prompt playground, fill-mask),
 * served by the job worker on a thread (JobManager's `thread` host) so that ONNX Runtime never
 * blocks the extension host. Opened models stay loaded between calls: a panel runs the same model again
 * and again, and opening costs far more than one short run. A model whose files changed on
 * disk (retrained, re-exported) is opened afresh.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AttentionReport } from '../infer/attention-maps';
import { attentionReportFor } from '../infer/attention-report';
import { causalAttentionReport } from '../infer/causal-attention';
import { CONFIG_FILE, ONNX_MODEL, TOKENIZER_FILE, WEIGHTS_FILE, WEIGHTS_INDEX_FILE } from '../modelfile/layout';
import { openModelFolder } from '../models/open-model';
import { CausalLm } from '../infer/causal-lm';
import { type Classification, type ClassifyMethod, openClassifier, type PromptSpec } from '../infer/classify';
import { FillMask, type MaskResult } from '../infer/fill-mask';
import { generate, type GenerateOptions, type GenerateResult } from '../infer/generate';
import type { SessionConfig } from '../runtime/session';
import type { JobHandlers } from './worker-serve';

export type InferenceGenerateOptions = Omit<GenerateOptions, 'onToken'>;

export interface AttentionJobResult {
  report: AttentionReport;
  /** Tokens of the whole text, when it was longer than the model's context and cut. */
  truncatedFrom?: number;
}

export interface InferenceJobs {
  attentionReport: {
    params: { dir: string; name: string; text: string; session: SessionConfig };
    event: never;
    result: AttentionJobResult;
  };
  generate: {
    params: { dir: string; prompt: string; options: InferenceGenerateOptions; session: SessionConfig };
    /** The continuation decoded so far, after each new token. */
    event: { text: string };
    result: GenerateResult;
  };
  fillMask: {
    params: { dir: string; text: string; topK: number; session: SessionConfig };
    event: never;
    result: MaskResult[];
  };
  classify: {
    /** Without `prompt`, the folder's finetuned head; with it, a template + verbalizer. */
    params: { dir: string; text: string; prompt?: PromptSpec; session: SessionConfig };
    event: never;
    result: Classification & { method: ClassifyMethod };
  };
}

/** Files whose change means a loaded model is stale. */
const MODEL_FILES = [CONFIG_FILE, WEIGHTS_FILE, WEIGHTS_INDEX_FILE, ONNX_MODEL, TOKENIZER_FILE];

async function fingerprint(dir: string, session: SessionConfig): Promise<string> {
  const times = await Promise.all(
    MODEL_FILES.map((f) => fs.stat(path.join(dir, f)).then((s) => s.mtimeMs, () => 0)),
  );
  return JSON.stringify([path.resolve(dir), times, session]);
}

/** One loaded model per kind: panels use one model at a time, and each holds its weights. */
class LoadedModel<M extends { release(): Promise<void> }> {
  private current: { key: string; model: Promise<M> } | undefined;

  constructor(private readonly open: (dir: string, session: SessionConfig) => Promise<M>) {}

  async get(dir: string, session: SessionConfig): Promise<M> {
    const key = await fingerprint(dir, session);
    if (this.current?.key !== key) {
      const stale = this.current?.model;
      this.current = { key, model: this.open(dir, session) };
      void stale?.then((m) => m.release(), () => undefined);
      // A failed open is not kept: the next call tries again (the user may fix the folder).
      this.current.model.catch(() => {
        if (this.current?.key === key) this.current = undefined;
      });
    }
    return this.current.model;
  }
}

/** The text cut to the model's context, at a token boundary. */
function fitToContext(lm: CausalLm, text: string): { text: string; truncatedFrom?: number } {
  const ids = lm.tokenizer.encode(text);
  const max = lm.config.n_positions;
  if (ids.length <= max) return { text };
  return { text: lm.tokenizer.decode(ids.slice(0, max)), truncatedFrom: ids.length };
}

export function inferenceJobHandlers(): JobHandlers<InferenceJobs> {
  const causal = new LoadedModel((dir, session) => CausalLm.open(dir, session));
  const masked = new LoadedModel((dir, session) => FillMask.open(dir, session));
  return {
    async attentionReport({ dir, name, text, session }) {
      // Encoders and encoder-decoders have their own report builders; they open per call, on
      // the folder as opened here (config.json is read once per request).
      const model = await openModelFolder(dir);
      if (model.family.kind !== 'decoder') return { report: await attentionReportFor(model, text, { model: name, session }) };
      const lm = await causal.get(dir, session);
      const fitted = fitToContext(lm, text);
      return { report: await causalAttentionReport(lm, fitted.text, name), truncatedFrom: fitted.truncatedFrom };
    },
    async generate({ dir, prompt, options, session }, ctx) {
      const lm = await causal.get(dir, session);
      return generate(lm, prompt, {
        ...options,
        onToken: (_id, text) => {
          // Throwing here is how a cancelled generation stops between two tokens.
          ctx.signal.throwIfAborted();
          ctx.emit({ text });
        },
      });
    },
    async fillMask({ dir, text, topK, session }) {
      return (await masked.get(dir, session)).run(text, topK);
    },
    async classify({ dir, text, prompt, session }) {
      // Opened per call: a classifier depends on the template too, and classifying is rare.
      const classifier = await openClassifier(dir, prompt, session);
      try {
        return { ...(await classifier.classify(text)), method: classifier.method };
      } finally {
        await classifier.release();
      }
    },
  };
}
