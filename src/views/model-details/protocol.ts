// Messages between the Model Details panel and the extension. The webview side is
// media/model-details/main.ts. Every message from the webview, and the state it
// hands back on restore, goes through the validators here first.
import type { ModelSummary } from '../../host/models/model-types';
import { literal, object, parseMessage, string, taggedUnion, Validator, type PanelProtocol } from '../protocol/validate';

export const VIEW_TYPE = 'pretrainLab.modelDetails';

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' } // the page has loaded: send init
  | { type: 'select' } // "Use this model"
  | { type: 'reveal' }; // "Reveal folder"

/** Extension → webview. */
export type ToWebview = { type: 'init'; model: ModelSummary; selected: boolean };

/** What the webview persists with setState, so the panel reopens on the same model. */
export interface PanelState {
  folder: string;
}

const MAX_MESSAGE_CHARS = 1024;
const MAX_PATH_CHARS = 4096;

const fromWebview: Validator<FromWebview> = taggedUnion<FromWebview>({
  ready: object({ type: literal('ready') }),
  select: object({ type: literal('select') }),
  reveal: object({ type: literal('reveal') }),
});

const panelState: Validator<PanelState> = object({ folder: string({ minLength: 1, maxLength: MAX_PATH_CHARS }) });

export function parseFromWebview(raw: unknown): FromWebview {
  return parseMessage(fromWebview, raw, MAX_MESSAGE_CHARS);
}

export function parsePanelState(raw: unknown): PanelState {
  return parseMessage(panelState, raw, MAX_PATH_CHARS + 64);
}

export const PROTOCOL: PanelProtocol<FromWebview, PanelState> = { viewType: VIEW_TYPE, parseMessage: parseFromWebview, parseState: parsePanelState };
