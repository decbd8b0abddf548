// Messages between the Model Details panel and the extension. The webview side is
// media/model-details/main.ts. Every message from the webview, and the state it
// hands back on restore, goes through the validators here first.
import type { ModelSummary } from '../../host/models/model-types';
import { type FolderState, parseFolderState } from '../protocol/folder-state';
import { literal, object, parseMessage, taggedUnion, Validator, type PanelProtocol } from '../protocol/validate';

export const VIEW_TYPE = 'pretrainLab.modelDetails';

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' } // the page has loaded: send init
  | { type: 'select' } // "Use this model"
  | { type: 'reveal' }; // "Reveal folder"

/** Extension → webview. */
export type ToWebview = { type: 'init'; model: ModelSummary; selected: boolean };

/** What the webview persists with setState, so the panel reopens on the same model. */
export type PanelState = FolderState;

const MAX_MESSAGE_CHARS = 1024;

const fromWebview: Validator<FromWebview> = taggedUnion<FromWebview>({
  ready: object({ type: literal('ready') }),
  select: object({ type: literal('select') }),
  reveal: object({ type: literal('reveal') }),
});

export function parseFromWebview(raw: unknown): FromWebview {
  return parseMessage(fromWebview, raw, MAX_MESSAGE_CHARS);
}

export const parsePanelState = parseFolderState;

export const PROTOCOL: PanelProtocol<FromWebview, PanelState> = { viewType: VIEW_TYPE, parseMessage: parseFromWebview, parseState: parsePanelState };
