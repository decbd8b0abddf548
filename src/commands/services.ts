// What commands and views share, created once in activate().
import type * as vscode from 'vscode';
import type { Inference } from './inference';
import type { ModelCatalog } from './model-catalog';
import type { ModelSelection } from './model-selection';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  catalog: ModelCatalog;
  selection: ModelSelection;
  /** Runs models off the extension host's thread; starts its worker on first use. */
  inference: Inference;
}
