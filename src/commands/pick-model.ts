// The model QuickPick, shared by every command that needs a model and has none:
// bundled and user models in two sections, the selected one marked, plus a way
// to pick any folder by hand.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeModel } from '../host/models/model-summary';
import type { ModelSummary } from '../host/models/model-types';
import type { Services } from '../host/services';

interface ModelItem extends vscode.QuickPickItem {
  model?: ModelSummary;
  action?: 'browse' | 'settings';
}

function modelItem(model: ModelSummary, selected: string | undefined): ModelItem {
  return {
    label: `${model.folder === selected ? '$(check)' : model.supported ? '$(circuit-board)' : '$(warning)'} ${model.name}`,
    description: describeModel(model),
    detail: model.folder,
    model,
  };
}

/** With `selectedFirst`, the selected model leads (a QuickPick's first item is its default). */
function modelItems(models: ModelSummary[], selected: string | undefined, selectedFirst: boolean): ModelItem[] {
  const items: ModelItem[] = [];
  const lead = selectedFirst ? models.find((m) => m.folder === selected) : undefined;
  if (lead) items.push({ label: 'Selected', kind: vscode.QuickPickItemKind.Separator }, modelItem(lead, selected));
  for (const source of ['bundled', 'user'] as const) {
    const group = models.filter((m) => m.source === source && m !== lead);
    if (group.length === 0) continue;
    items.push({ label: source === 'bundled' ? 'Bundled' : 'Your models', kind: vscode.QuickPickItemKind.Separator });
    for (const model of group) items.push(modelItem(model, selected));
  }
  return items;
}

/** Resolves to the chosen model, or undefined when the user dismissed the pick. */
export async function pickModel(
  s: Services,
  title: string,
  options: { selectedFirst?: boolean; /** Lists only the models a command can use (search: encoders). */ only?: (model: ModelSummary) => boolean } = {},
): Promise<ModelSummary | undefined> {
  const models = (await s.catalog.list()).filter(options.only ?? (() => true));
  const items: ModelItem[] = [
    ...modelItems(models, s.selection.folder, options.selectedFirst ?? false),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(folder-opened) Choose a Model Folder…', detail: 'Any folder with a config.json (Hugging Face layout)', action: 'browse' },
    { label: '$(gear) Change Models Folder…', detail: `Now: ${s.catalog.userFolder}`, action: 'settings' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: models.length ? 'Pick a model' : `No models yet in ${s.catalog.userFolder}`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.model) return picked.model;
  if (picked.action === 'settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'pretrainLab.modelsFolder');
    return undefined;
  }
  const uris = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Use Model Folder',
  });
  return uris?.[0] ? s.catalog.find(uris[0].fsPath) : undefined;
}

/** A model a command was invoked on: a Models view item, a folder path or Uri. */
export async function modelFromArgument(s: Services, arg: unknown): Promise<ModelSummary | undefined> {
  // An editor's context menu passes the document's Uri: a file, never a model folder.
  if (arg instanceof vscode.Uri) return (await isFolder(arg.fsPath)) ? s.catalog.find(arg.fsPath) : undefined;
  if (typeof arg === 'string' && path.isAbsolute(arg)) return s.catalog.find(arg);
  const model = (arg as { model?: ModelSummary } | undefined)?.model;
  if (model && typeof model.folder === 'string') return s.catalog.find(model.folder);
  return undefined;
}

async function isFolder(p: string): Promise<boolean> {
  return fs.stat(p).then((st) => st.isDirectory(), () => false);
}

/** The model given, else the selected one, else one the user picks now. */
export async function resolveModel(s: Services, arg: unknown, title: string): Promise<ModelSummary | undefined> {
  return (await modelFromArgument(s, arg))
    ?? (s.selection.folder ? await s.catalog.find(s.selection.folder) : undefined)
    ?? (await pickModel(s, title));
}
