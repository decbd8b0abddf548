// "Pretrain Lab: Search Workspace by Meaning…": a live quick pick over the workspace folder's
// index (functions, classes, Markdown sections), ranked by the `pretrainLab.search.*` settings;
// the hits also fill the Search Results view. With `{ query }` (tests, other extensions) it
// searches once without asking, fills the view, opens the top hit when `open` is set, and
// resolves with the hits and the index's last update.
import * as vscode from 'vscode';
import { describeRanking } from '../host/search/hit-text';
import { openHit } from '../host/search/open-hit';
import { searchOptions } from '../host/search/search-settings';
import type { Services } from '../host/services';
import type { SearchOptions } from '../search/protocol';
import { showSearchQuickPick } from './search-quick-pick';
import { argsOf, failed, isTarget, isUpdate, readyIndex, searchTarget, type SearchOutcome, type TargetArgs } from './search-target';

export const SEARCH_WORKSPACE = 'pretrainLab.searchWorkspace';
const TITLE = 'Search Workspace by Meaning';

interface SearchArgs extends TargetArgs, SearchOptions {
  query?: string;
  /** Open the top hit as Enter on it would. */
  open?: boolean;
}

export function registerSearchWorkspace(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SEARCH_WORKSPACE, async (arg?: unknown): Promise<SearchOutcome | undefined> => {
    const args = argsOf<SearchArgs>(arg);
    const target = await searchTarget(s, TITLE, args);
    if (!target || !isTarget(target)) return target;
    const options = { ...searchOptions(target.root), ...pickOptions(args) };
    if (typeof args?.query !== 'string') {
      showSearchQuickPick(s, target, options, TITLE);
      return undefined;
    }
    const ready = await readyIndex(TITLE, target);
    if (!isUpdate(ready)) return ready;
    try {
      const hits = await target.index.query(args.query, options).result;
      s.searchResults.show({ title: args.query, root: target.root, ranking: describeRanking(options), hits });
      if (args.open && hits[0]) await openHit(target.root, hits[0]);
      return { hits, update: target.index.state.lastChange, indexDir: target.index.indexDir };
    } catch (e) {
      return failed(TITLE, (e as Error).message);
    }
  });
}

function pickOptions(args: SearchArgs | undefined): SearchOptions {
  const options: SearchOptions = {};
  if (args?.mode !== undefined) options.mode = args.mode;
  if (args?.encoderWeight !== undefined) options.encoderWeight = args.encoderWeight;
  if (args?.k !== undefined) options.k = args.k;
  return options;
}
