// Messages between the comparison view and the extension. The webview side is
// media/comparison/main.ts. Every message from the webview, and the state it hands back on
// restore, goes through the validators here first.
import type { CompareEvent } from '../../compare/protocol';
import type { ComparisonSnapshot, ComparisonTable } from '../../host/compare/comparison-state';
import { type FolderState, parseFolderState } from '../protocol/folder-state';
import { array, boolean, literal, number, object, parseMessage, string, taggedUnion, Validator, type PanelProtocol } from '../protocol/validate';

export const VIEW_TYPE = 'pretrainLab.comparison';

/** The table as the webview drew it: its headers, each row's id and the text of its cells (host/panels.ts's RenderedComparison). */
export type RenderedTable = Pick<ComparisonTable, 'headers' | 'rows'>;

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' } // the page has loaded: send init
  | { type: 'stop' } // the Stop button: cancel this comparison
  | { type: 'markdown' } // open comparison.md
  /** The table is on screen: `final` when its comparison has ended; `generation` echoes the init it drew. */
  | ({ type: 'rendered'; generation: number; ms: number; final: boolean } & RenderedTable);

/**
 * Extension → webview. `init` replaces everything; `event` extends it; `snapshot` replaces the
 * comparison (status changes, the end). The table (comparison.md's cells) comes with each, and
 * again as `table` after each finished pipeline.
 */
export type ToWebview =
  | { type: 'init'; generation: number; title: string; comparison: ComparisonSnapshot; table?: ComparisonTable }
  | { type: 'event'; event: CompareEvent }
  | { type: 'snapshot'; comparison: ComparisonSnapshot; table?: ComparisonTable }
  | { type: 'table'; table?: ComparisonTable };

/** Persisted with setState, so a reload reopens the same comparison (its comparison.json). */
export type PanelState = FolderState;

export const MAX_ROWS = 64;
export const MAX_CELLS = 16;
const MAX_CELL_CHARS = 300;

const fromWebview: Validator<FromWebview> = taggedUnion<FromWebview>({
  ready: object({ type: literal('ready') }),
  stop: object({ type: literal('stop') }),
  markdown: object({ type: literal('markdown') }),
  rendered: object({
    type: literal('rendered'),
    generation: number({ min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }),
    ms: number({ min: 0, max: 3_600_000 }),
    final: boolean(),
    headers: array(string({ maxLength: MAX_CELL_CHARS }), { maxLength: MAX_CELLS }),
    rows: array(object({
      id: string({ minLength: 1, maxLength: 100 }),
      cells: array(string({ maxLength: MAX_CELL_CHARS }), { maxLength: MAX_CELLS }),
    }), { maxLength: MAX_ROWS }),
  }),
});

export function parseFromWebview(raw: unknown): FromWebview {
  return parseMessage(fromWebview, raw, (MAX_ROWS + 1) * (MAX_CELLS * (MAX_CELL_CHARS + 8) + 160) + 256);
}

export const parsePanelState = parseFolderState;

export const PROTOCOL: PanelProtocol<FromWebview, PanelState> = { viewType: VIEW_TYPE, parseMessage: parseFromWebview, parseState: parsePanelState };
