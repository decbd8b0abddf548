// Messages between the prompt playground and the extension. The webview side is
// media/prompt/main.ts. The webview names models by their index in the list the
// extension sent, never by path; every message it sends is validated here.
import { array, literal, number, object, parseMessage, string, taggedUnion, ValidationError, Validator, type PanelProtocol } from '../protocol/validate';
import { MAX_TEMPLATE_CHARS, MAX_VERBALIZER_CHARS, PromptFields, promptProblem } from '../../host/prompt/classify-prompt';
import type { PromptTask } from '../../host/prompt/prompt-task-name';
import { MAX_PROMPT_CHARS } from '../../host/prompt/text-limits';

export { MAX_PROMPT_CHARS, type PromptTask };

export const VIEW_TYPE = 'pretrainLab.prompt';

const MAX_STOPS = 8;

/** The playground's modes: a model's own task, or classifying a text (modes.ts says which apply). */
export type PromptMode = PromptTask | 'classify';

export interface ModelChoice {
  id: number;
  name: string;
  type: string;
  /** Empty when the playground cannot run it; `problem` says why. The first is the default. */
  modes: PromptMode[];
  /** How it classifies, when `modes` has 'classify': its finetuned head, or a prompt. */
  classifyWith?: ClassifyMethod;
  problem?: string;
}

/** How a text was classified (infer/classify's ClassifyMethod, kept here for the same
 *  reason as MaskFill below; the panel's assignment checks the two stay equal). */
export type ClassifyMethod = 'finetuned head' | 'masked-LM prompt' | 'decoder prompt';

export interface LabelProbability {
  label: string;
  probability: number;
}

export interface SamplingSettings {
  maxNewTokens: number;
  /** 0 means greedy. */
  temperature: number;
  /** 0 means no top-k cut. */
  topK: number;
  topP: number;
  repetitionPenalty: number;
  stop: string[];
  seed: number;
}

/** Top predictions for one mask (the shape of infer/fill-mask's MaskResult, kept
 *  here so the webview's code needs nothing from the Node side). */
export interface MaskFill {
  /** Index of the mask among the encoded tokens. */
  position: number;
  predictions: { tokenStr: string; score: number; sequence: string }[];
}

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'chooseModel'; id: number }
  | { type: 'generate'; prompt: string; settings: SamplingSettings }
  | { type: 'fillMask'; text: string; topK: number }
  /** `prompt` null: the model's finetuned head. */
  | { type: 'classify'; text: string; prompt: PromptFields | null }
  | { type: 'stop' };

/** Extension → webview. */
export type ToWebview =
  | { type: 'models'; models: ModelChoice[]; current?: number }
  | { type: 'token'; text: string }
  | { type: 'generated'; text: string; stoppedBy: string; tokens: number; firstTokenMs: number; tokensPerSec: number }
  | { type: 'filled'; results: MaskFill[] }
  /** `scores` most probable first; `ms` is the whole request as the extension saw it. */
  | { type: 'classified'; label: string; scores: LabelProbability[]; method: ClassifyMethod; ms: number }
  | { type: 'failed'; message: string };

/** Persisted with setState: the prompt comes back after a reload. */
export interface PanelState {
  prompt: string;
}

const settings: Validator<SamplingSettings> = object({
  maxNewTokens: number({ min: 1, max: 4096, integer: true }),
  temperature: number({ min: 0, max: 10 }),
  topK: number({ min: 0, max: 1_000_000, integer: true }),
  topP: number({ min: 0, max: 1 }),
  repetitionPenalty: number({ min: 0.1, max: 10 }),
  stop: array(string({ minLength: 1, maxLength: 100 }), { maxLength: MAX_STOPS }),
  seed: number({ min: 0, max: 2 ** 31 - 1, integer: true }),
});

const promptFields: Validator<PromptFields> = (value, path) => {
  const fields = object({
    template: string({ minLength: 1, maxLength: MAX_TEMPLATE_CHARS }),
    verbalizer: string({ minLength: 1, maxLength: MAX_VERBALIZER_CHARS }),
  })(value, path);
  // The rules that hold for every model; whether it needs a [MASK] is the panel's to check.
  const problem = promptProblem(fields, false);
  if (problem) throw new ValidationError(path, problem);
  return fields;
};

/** null (the finetuned head) or a template + verbalizer. */
const headOrPrompt: Validator<PromptFields | null> = (value, path) => (value === null ? null : promptFields(value, path));

const fromWebview: Validator<FromWebview> = taggedUnion<FromWebview>({
  ready: object({ type: literal('ready') }),
  chooseModel: object({ type: literal('chooseModel'), id: number({ min: 0, max: 10_000, integer: true }) }),
  generate: object({ type: literal('generate'), prompt: string({ minLength: 1, maxLength: MAX_PROMPT_CHARS }), settings }),
  fillMask: object({ type: literal('fillMask'), text: string({ minLength: 1, maxLength: MAX_PROMPT_CHARS }), topK: number({ min: 1, max: 50, integer: true }) }),
  classify: object({ type: literal('classify'), text: string({ minLength: 1, maxLength: MAX_PROMPT_CHARS }), prompt: headOrPrompt }),
  stop: object({ type: literal('stop') }),
});

const panelState: Validator<PanelState> = object({ prompt: string({ maxLength: MAX_PROMPT_CHARS }) });

export function parseFromWebview(raw: unknown): FromWebview {
  return parseMessage(fromWebview, raw, MAX_PROMPT_CHARS * 2 + (MAX_TEMPLATE_CHARS + MAX_VERBALIZER_CHARS) * 2 + 4096);
}

export function parsePanelState(raw: unknown): PanelState {
  return parseMessage(panelState, raw, MAX_PROMPT_CHARS * 2 + 256);
}

export const PROTOCOL: PanelProtocol<FromWebview, PanelState> = { viewType: VIEW_TYPE, parseMessage: parseFromWebview, parseState: parsePanelState };
