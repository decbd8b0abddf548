// "Pretrain Lab: Find Similar Code": the workspace's units ranked by how like the selected code
// they are (the encoder's cosine, with BM25 as the settings weigh it), the selection's own
// unit left out; shown in a quick pick (Enter opens one) and in the Search Results view. With
// `{ model }` or `{ code }` (tests, other extensions) it resolves with the hits instead of
// asking which to open.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LineRange } from '../jobs/search-jobs';
import { describeRanking } from '../host/search/hit-text';
import { openHit } from '../host/search/open-hit';
import { searchOptions } from '../host/search/search-settings';
import type { Services } from '../host/services';
import { MAX_PROMPT_CHARS } from '../host/prompt/text-limits';
import { hitItem } from './search-quick-pick';
import { argsOf, failed, isTarget, isUpdate, readyIndex, searchTarget, type SearchOutcome, type TargetArgs } from './search-target';

export const FIND_SIMILAR_CODE = 'pretrainLab.findSimilarCode';
const TITLE = 'Find Similar Code';

interface SimilarArgs extends TargetArgs {
  /** Code to match instead of the editor's selection. */
  code?: string;
}

/** The selected code and the lines it spans in its folder, if the active editor has a selection. */
function selection(): { code: string; uri: vscode.Uri; lines: { startLine: number; endLine: number } } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const code = editor.document.getText(editor.selection);
  if (!code.trim()) return undefined;
  const { start, end } = editor.selection;
  // A selection that ends at the start of a line does not take that line.
  const endLine = end.character === 0 && end.line > start.line ? end.line : end.line + 1;
  return { code, uri: editor.document.uri, lines: { startLine: start.line + 1, endLine } };
}

export function registerFindSimilarCode(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(FIND_SIMILAR_CODE, async (arg?: unknown): Promise<SearchOutcome | undefined> => {
    const args = argsOf<SimilarArgs>(arg);
    const selected = selection();
    const code = args?.code ?? selected?.code;
    if (!code) return failed(TITLE, 'select the code to find more like it first');
    const target = await searchTarget(s, TITLE, args);
    if (!target || !isTarget(target)) return target;
    const ready = await readyIndex(TITLE, target);
    if (!isUpdate(ready)) return ready;
    let exclude: LineRange | undefined;
    if (!args?.code && selected) {
      const file = path.relative(target.root, selected.uri.fsPath).split(path.sep).join('/');
      if (!file.startsWith('..')) exclude = { file, ...selected.lines };
    }
    const options = searchOptions(target.root);
    let outcome: SearchOutcome;
    try {
      const hits = await target.index.similar(code.slice(0, MAX_PROMPT_CHARS), options, exclude).result;
      const where = exclude ? `${exclude.file}:${exclude.startLine}–${exclude.endLine}` : 'the given code';
      s.searchResults.show({ title: `similar to ${where}`, root: target.root, ranking: describeRanking(options), hits });
      outcome = { hits, update: target.index.state.lastChange, indexDir: target.index.indexDir };
    } catch (e) {
      return failed(TITLE, (e as Error).message);
    }
    if (args) return outcome;
    const picked = await vscode.window.showQuickPick(outcome.hits!.map(hitItem), {
      title: `${TITLE}: ${describeRanking(options)}`,
      placeHolder: outcome.hits!.length ? 'Pick a unit to open' : 'Nothing else in the index is like it',
    });
    if (picked?.hit) await openHit(target.root, picked.hit);
    return outcome;
  });
}
