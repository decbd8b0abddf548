// What commands and views share, created once in activate().
import type * as vscode from 'vscode';
import type { Inference } from './inference';
import type { ModelCatalog } from './model-catalog';
import type { ModelSelection } from './model-selection';
import type { Training } from './training';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  catalog: ModelCatalog;
  selection: ModelSelection;
  /** Runs models off the extension host's thread; starts its worker on first use. */
  inference: Inference;
  /** Runs training jobs in the job worker, one at a time; starts it on the first run. */
  training: Training;
}
