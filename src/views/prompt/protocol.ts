// Messages between the prompt playground and the extension. The webview side is
// media/prompt/main.ts. The webview names models by their index in the list the
// extension sent, never by path; every message it sends is validated here.
import { array, literal, number, object, parseMessage, string, taggedUnion, Validator } from '../protocol/validate';

export const VIEW_TYPE = 'pretrainLab.prompt';

export const MAX_PROMPT_CHARS = 20_000;
const MAX_STOPS = 8;

/** What the playground does with a model: decoders generate, masked LMs fill masks. */
export type PromptTask = 'generate' | 'fill-mask';

export interface ModelChoice {
  id: number;
  name: string;
  type: string;
  /** Undefined when the playground cannot run it; `problem` says why. */
  task?: PromptTask;
  problem?: string;
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
  | { type: 'stop' };

/** Extension → webview. */
export type ToWebview =
  | { type: 'models'; models: ModelChoice[]; current?: number }
  | { type: 'token'; text: string }
  | { type: 'generated'; text: string; stoppedBy: string; tokens: number; firstTokenMs: number; tokensPerSec: number }
  | { type: 'filled'; results: MaskFill[] }
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

const fromWebview: Validator<FromWebview> = taggedUnion<FromWebview>({
  ready: object({ type: literal('ready') }),
  chooseModel: object({ type: literal('chooseModel'), id: number({ min: 0, max: 10_000, integer: true }) }),
  generate: object({ type: literal('generate'), prompt: string({ minLength: 1, maxLength: MAX_PROMPT_CHARS }), settings }),
  fillMask: object({ type: literal('fillMask'), text: string({ minLength: 1, maxLength: MAX_PROMPT_CHARS }), topK: number({ min: 1, max: 50, integer: true }) }),
  stop: object({ type: literal('stop') }),
});

const panelState: Validator<PanelState> = object({ prompt: string({ maxLength: MAX_PROMPT_CHARS }) });

export function parseFromWebview(raw: unknown): FromWebview {
  return parseMessage(fromWebview, raw, MAX_PROMPT_CHARS * 2 + 4096);
}

export function parsePanelState(raw: unknown): PanelState {
  return parseMessage(panelState, raw, MAX_PROMPT_CHARS * 2 + 256);
}
