// The live quick pick of *Search Workspace by Meaning…*: results follow what the user types
// (each query runs in the search job once typing pauses; an answer to text the user has typed
// past is dropped and its job cancelled), each hit with its place and the parts of its score;
// while the index builds, the pick says how far it is. Enter opens the hit.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningJob } from '../jobs/job-manager';
import { JobCancelledError } from '../jobs/rpc';
import type { IndexState } from '../host/search/folder-index';
import { describeRanking, hitTitle, scoreBreakdown } from '../host/search/hit-text';
import { openHit } from '../host/search/open-hit';
import type { Services } from '../host/services';
import type { SearchHit, SearchOptions } from '../search/protocol';
import { NO_UNITS, type SearchTarget } from './search-target';

/** Typing pause before a query runs: each keystroke would otherwise start an embedding. */
const QUERY_DELAY_MS = 200;

interface HitItem extends vscode.QuickPickItem {
  hit?: SearchHit;
}

export function hitItem(hit: SearchHit): HitItem {
  // alwaysShow: the pick must not filter the hits by its own label matching; they match by meaning.
  return { label: hitTitle(hit), detail: scoreBreakdown(hit), alwaysShow: true, hit };
}

function note(text: string): HitItem {
  return { label: text, alwaysShow: true };
}

function buildingLine(state: IndexState): string | undefined {
  const b = state.building;
  if (!b) return undefined;
  return b.total > 0 ? `Index is building (${b.done}/${b.total} units embedded)…` : 'Index is building (scanning the folder)…';
}

export function showSearchQuickPick(s: Services, target: SearchTarget, options: Required<SearchOptions>, title: string): void {
  const { index, root } = target;
  const pick = vscode.window.createQuickPick<HitItem>();
  pick.title = `${title} — ${path.basename(root)} with ${target.model.name}`;
  pick.placeholder = `Describe what the code does (${describeRanking(options)})`;
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  let latest = 0;
  let job: RunningJob<SearchHit[]> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let hasHits = false;

  const showIndexState = (state: IndexState) => {
    const line = buildingLine(state);
    pick.busy = line !== undefined || job !== undefined;
    if (line && !hasHits) pick.items = [note(`$(sync~spin) ${line}`)];
  };
  const run = async (query: string) => {
    const mine = ++latest;
    job?.cancel();
    job = undefined;
    if (!query.trim()) {
      hasHits = false;
      pick.items = [];
      return;
    }
    pick.busy = true;
    try {
      const update = await index.ready();
      if (mine !== latest) return;
      if (update.units === 0) {
        pick.items = [note(`$(info) ${path.basename(root)} ${NO_UNITS}`)];
        return;
      }
      const running = index.query(query, options);
      job = running;
      const hits = await running.result;
      // Stale: the user has typed on since; that query's answer is on its way.
      if (mine !== latest) return;
      hasHits = hits.length > 0;
      pick.items = hits.length ? hits.map(hitItem) : [note('$(info) No units match')];
      s.searchResults.show({ title: query, root, ranking: describeRanking(options), hits });
    } catch (e) {
      if (mine !== latest || e instanceof JobCancelledError) return;
      hasHits = false;
      pick.items = [note(`$(error) ${(e as Error).message}`)];
    } finally {
      if (mine === latest) {
        job = undefined;
        showIndexState(index.state);
      }
    }
  };

  const subscriptions = [
    s.search.onDidChangeState((state) => {
      if (state === index.state) showIndexState(state);
    }),
    pick.onDidChangeValue((value) => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(value), QUERY_DELAY_MS);
    }),
    pick.onDidAccept(() => {
      const hit = pick.selectedItems[0]?.hit;
      if (!hit) return;
      pick.hide();
      openHit(root, hit).then(undefined, (e: unknown) => void vscode.window.showErrorMessage(`${title}: ${(e as Error).message}`));
    }),
    pick.onDidHide(() => {
      clearTimeout(timer);
      latest++;
      job?.cancel();
      for (const d of subscriptions) d.dispose();
      pick.dispose();
    }),
  ];
  // Building starts as the pick opens, so that the first query finds the index (nearly) ready.
  index.ready().catch((e: unknown) => {
    pick.items = [note(`$(error) ${(e as Error).message}`)];
  });
  showIndexState(index.state);
  pick.show();
}
