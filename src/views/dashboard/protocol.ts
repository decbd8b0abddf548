// Messages between the Training dashboard and the extension. The webview side is
// media/dashboard/main.ts. Every message from the webview, and the state it hands back on
// restore, goes through the validators here first.
import type { TrainEvent } from '../../train/run/events';
import { array, literal, object, parseMessage, string, taggedUnion, Validator, type PanelProtocol } from '../protocol/validate';
import { folderPath, MAX_PATH_CHARS } from '../protocol/folder-state';
import type { CorpusReport } from '../../host/corpus/corpus-report';
import type { DashboardDrawn } from '../../host/runs/dashboard-drawn';
import type { RunSnapshot } from '../../host/runs/run-state';

export const VIEW_TYPE = 'pretrainLab.dashboard';

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' } // the page has loaded: send init
  | { type: 'stop' } // the Stop button: cancel this panel's run
  | { type: 'prompt' } // open the trained model in the Prompt Playground
  | { type: 'reveal' } // reveal the model folder
  | ({ type: 'drawn' } & DashboardDrawn); // what the page shows after it drew new content, or a chart or tile appeared

/** Extension → webview. `init` replaces everything; `event` extends the run shown. */
export type ToWebview =
  | { type: 'init'; title: string; run?: RunSnapshot; corpus?: CorpusReport }
  | { type: 'event'; event: TrainEvent }
  | { type: 'run'; run: RunSnapshot };

/** What the webview persists, so a reload reopens the same run (by model folder: its metrics
 *  and corpus summary are on disk) or the same corpus summary (by scanned folder). */
export type PanelState = { type: 'run'; folder: string } | { type: 'corpus'; root: string };

const MAX_MESSAGE_CHARS = 8192;
const MAX_LABEL_CHARS = 120;
const label = string({ maxLength: MAX_LABEL_CHARS });

const fromWebview: Validator<FromWebview> = taggedUnion<FromWebview>({
  ready: object({ type: literal('ready') }),
  stop: object({ type: literal('stop') }),
  prompt: object({ type: literal('prompt') }),
  reveal: object({ type: literal('reveal') }),
  drawn: object({
    type: literal('drawn'),
    charts: array(object({ title: label, series: array(label, { maxLength: 16 }) }), { maxLength: 8 }),
    stats: array(label, { maxLength: 32 }),
  }),
});

const panelState: Validator<PanelState> = taggedUnion<PanelState>({
  run: object({ type: literal('run'), folder: folderPath }),
  corpus: object({ type: literal('corpus'), root: folderPath }),
});

export function parseFromWebview(raw: unknown): FromWebview {
  return parseMessage(fromWebview, raw, MAX_MESSAGE_CHARS);
}

export function parsePanelState(raw: unknown): PanelState {
  return parseMessage(panelState, raw, 2 * MAX_PATH_CHARS + 128);
}

export const PROTOCOL: PanelProtocol<FromWebview, PanelState> = { viewType: VIEW_TYPE, parseMessage: parseFromWebview, parseState: parsePanelState };
