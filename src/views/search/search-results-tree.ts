// The "Search Results" view in the Pretrain Lab side bar: the last search's hits (Search
// Workspace by Meaning, Find Similar Code), best first, each with its place and score parts;
// clicking one opens it. The view's message says what was searched and how it was ranked.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hitLocation, hitName, scoreBreakdown } from '../../host/search/hit-text';
import { OPEN_SEARCH_HIT } from '../../host/search/open-hit';
import type { ResultList, SearchResults } from '../../host/search/search-results';
import type { SearchHit } from '../../search/protocol';

export const SEARCH_RESULTS_VIEW = 'pretrainLab.searchResults';

export class SearchResultsTree implements vscode.TreeDataProvider<SearchHit>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<SearchHit>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly results: SearchResults) {
    this.view = vscode.window.createTreeView(SEARCH_RESULTS_VIEW, { treeDataProvider: this, showCollapseAll: false });
    this.subscription = results.onDidChange((list) => {
      this.view.message = describeList(list);
      this.changed.fire();
    });
  }

  getChildren(hit?: SearchHit): SearchHit[] {
    return hit ? [] : (this.results.latest?.hits ?? []);
  }

  getTreeItem(hit: SearchHit): vscode.TreeItem {
    const root = this.results.latest?.root ?? '';
    const item = new vscode.TreeItem(hitName(hit), vscode.TreeItemCollapsibleState.None);
    item.description = `${hitLocation(hit)} · ${scoreBreakdown(hit)}`;
    item.resourceUri = vscode.Uri.file(path.join(root, ...hit.unit.file.split('/')));
    item.tooltip = tooltip(hit);
    item.contextValue = 'searchHit';
    item.command = { command: OPEN_SEARCH_HIT, title: 'Open', arguments: [root, hit] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}

function describeList(list: ResultList): string {
  const count = list.hits.length === 1 ? '1 result' : `${list.hits.length} results`;
  return `${count} for "${list.title}" (${list.ranking})`;
}

function tooltip(hit: SearchHit): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false; // the preview is the workspace's code
  md.appendText(`${hitLocation(hit)}–${hit.unit.endLine} · ${scoreBreakdown(hit)}\n`);
  md.appendCodeblock(hit.unit.preview, hit.unit.language);
  return md;
}
