// What both search commands settle before searching: which workspace folder, and which encoder
// embeds it — the model given, else the selected model when it is an encoder, else one the user
// picks from the encoders. Also how their failures are said: one line, and returned to callers
// that passed arguments (tests, other extensions).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { trustedOrConfirmed } from '../host/corpus/workspace-corpus';
import type { ModelSummary } from '../host/models/model-types';
import { isSearchEncoder, notAnEncoder } from '../host/search/encoders';
import type { FolderIndex } from '../host/search/folder-index';
import type { Services } from '../host/services';
import type { IndexUpdate, SearchHit } from '../search/protocol';
import { modelFromArgument, pickModel } from './pick-model';

/** What a search command resolves with when called with arguments. */
export interface SearchOutcome {
  hits?: SearchHit[];
  /** The index's last change before the hits were found: its first build, or the update for the latest edit. */
  update?: IndexUpdate;
  /** Where the index is stored. */
  indexDir?: string;
  /** The one line the user was shown when the command could not search. */
  error?: string;
}

/** Arguments both commands take instead of asking. */
export interface TargetArgs {
  /** An encoder folder (absolute path). */
  model?: string;
  /** The folder to search (absolute path); default: the active editor's workspace folder, else the first. */
  folder?: string;
}

export interface SearchTarget {
  model: ModelSummary;
  root: string;
  index: FolderIndex;
}

export function argsOf<T extends object>(arg: unknown): Partial<T> | undefined {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as Partial<T>) : undefined;
}

/** Shows `message` as `title: message` and returns it as the outcome. */
export function failed(title: string, message: string): SearchOutcome {
  const line = `${title}: ${message}`;
  void vscode.window.showErrorMessage(line);
  return { error: line };
}

export const NO_UNITS = 'has no functions, classes or Markdown sections to index (search reads TypeScript, JavaScript, Python, Go, Rust, Java, C/C++ and Markdown files)';

/** The folder and encoder to search with, or the outcome that says why not (undefined: the user dismissed a pick). */
export async function searchTarget(s: Services, title: string, args: TargetArgs | undefined): Promise<SearchTarget | SearchOutcome | undefined> {
  const root = args?.folder ?? (await searchFolder(title));
  if (!root) return undefined;
  if (!path.isAbsolute(root)) return failed(title, `the folder to search must be an absolute path, not '${root}'`);
  if (!(await trustedOrConfirmed('Indexing for search'))) return undefined;
  const model = args?.model ? await modelFromArgument(s, args.model) : await selectedOrPickedEncoder(s, title);
  if (!model) return args?.model ? failed(title, `${args.model} is not a model folder (it has no config.json)`) : undefined;
  if (!isSearchEncoder(model)) return failed(title, notAnEncoder(model));
  return { model, root, index: s.search.folder(root, model.folder) };
}

/** The index ready to search, or the outcome that says why not (a build error, a folder without units). */
export async function readyIndex(title: string, target: SearchTarget): Promise<IndexUpdate | SearchOutcome> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Indexing ${path.basename(target.root)} for search` }, () => target.index.ready());
    // Edits the watcher has seen and not yet handed over are searched as they are now.
    await target.index.flush();
  } catch (e) {
    return failed(title, (e as Error).message);
  }
  const update = target.index.state.lastUpdate!;
  if (update.units === 0) return failed(title, `${target.root} ${NO_UNITS}`);
  return update;
}

export function isTarget(value: SearchTarget | SearchOutcome): value is SearchTarget {
  return 'index' in value;
}

export function isUpdate(value: IndexUpdate | SearchOutcome): value is IndexUpdate {
  return 'units' in value;
}

async function searchFolder(title: string): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const own = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (own) return own.uri.fsPath;
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(`${title}: open a folder first; search indexes its code.`);
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri.fsPath;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: `${title}: which folder?` }))?.uri.fsPath;
}

async function selectedOrPickedEncoder(s: Services, title: string): Promise<ModelSummary | undefined> {
  const selected = s.selection.folder ? await s.catalog.find(s.selection.folder) : undefined;
  if (selected && isSearchEncoder(selected)) return selected;
  return pickModel(s, `${title}: which encoder embeds the code?`, { only: isSearchEncoder });
}
