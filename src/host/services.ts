// What commands and views share, created once in activate(): the extension's state and
// services. Commands and views import host/, never each other.
import type * as vscode from 'vscode';
import type { Inference } from './inference';
import type { ModelCatalog } from './models/model-catalog';
import type { ModelSelection } from './models/model-selection';
import type { Panels } from './panels';
import type { Training } from './runs/training';
import type { Comparisons } from './compare/comparisons';
import type { SearchResults } from './search/search-results';
import type { WorkspaceSearch } from './search/workspace-search';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  catalog: ModelCatalog;
  selection: ModelSelection;
  /** Runs models off the extension host's thread; starts its worker on first use. */
  inference: Inference;
  /** Runs training jobs in the job worker, one at a time; starts it on the first run. */
  training: Training;
  /** Runs objective comparisons in the same job process, one at a time, never beside a training run. */
  comparisons: Comparisons;
  /** Semantic search's indexes, one per workspace folder, served by their own job worker thread. */
  search: WorkspaceSearch;
  /** The last search's hits, for the Search Results view. */
  searchResults: SearchResults;
  /** Opens the webview panels; implemented by views/, wired in extension.ts. */
  panels: Panels;
}
