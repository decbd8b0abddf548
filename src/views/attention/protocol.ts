// Messages between the attention explorer and the extension. The webview side is
// media/attention/main.ts. Every message from the webview, and the state it hands
// back on restore, goes through the validators here first.
import type { AttentionReport } from '../../infer/attention-maps';
import { MAX_TEXT_CHARS } from '../../host/prompt/text-limits';
import { folderPath, MAX_PATH_CHARS } from '../protocol/folder-state';
import { literal, number, object, parseMessage, string, taggedUnion, Validator, type PanelProtocol } from '../protocol/validate';

export { MAX_TEXT_CHARS };

export const VIEW_TYPE = 'pretrainLab.attention';

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' } // the page has loaded: send init
  | { type: 'run'; text: string } // the user typed an input and asked for its attention
  | { type: 'rendered'; ms: number; tokens: number }; // a report was drawn, in this many ms

/** What the explorer shows: a report, the run in progress, or why there is none. */
export type ExplorerView =
  | { status: 'running'; text: string }
  | { status: 'ready'; report: AttentionReport; truncatedFrom?: number }
  | { status: 'error'; text: string; message: string };

/** Extension → webview. */
export type ToWebview = { type: 'show'; model: { name: string; folder: string; type: string }; view: ExplorerView };

/** Persisted with setState, so a reload reopens the explorer on the same model and text. */
export interface PanelState {
  folder: string;
  text: string;
}

const fromWebview: Validator<FromWebview> = taggedUnion<FromWebview>({
  ready: object({ type: literal('ready') }),
  run: object({ type: literal('run'), text: string({ minLength: 1, maxLength: MAX_TEXT_CHARS }) }),
  rendered: object({
    type: literal('rendered'),
    ms: number({ min: 0, max: 3_600_000 }),
    tokens: number({ min: 0, max: 1_000_000, integer: true }),
  }),
});

const panelState: Validator<PanelState> = object({
  folder: folderPath,
  text: string({ maxLength: MAX_TEXT_CHARS }),
});

export function parseFromWebview(raw: unknown): FromWebview {
  return parseMessage(fromWebview, raw, MAX_TEXT_CHARS * 2 + 256);
}

export function parsePanelState(raw: unknown): PanelState {
  return parseMessage(panelState, raw, MAX_PATH_CHARS + MAX_TEXT_CHARS * 2 + 256);
}

export const PROTOCOL: PanelProtocol<FromWebview, PanelState> = { viewType: VIEW_TYPE, parseMessage: parseFromWebview, parseState: parsePanelState };
