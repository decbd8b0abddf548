// The "Models" view in the Pretrain Lab side bar: bundled and user models, with
// their architecture and size from config.json, the selected one marked.
import * as vscode from 'vscode';
import type { Services } from '../../host/services';
import { describeTraining } from '../../host/models/training-metrics';
import { describeModel } from '../../host/models/model-summary';
import type { ModelSource, ModelSummary } from '../../host/models/model-types';

export const MODELS_VIEW = 'pretrainLab.models';

export type ModelsNode = { kind: 'group'; source: ModelSource } | { kind: 'model'; model: ModelSummary };

const GROUP_LABEL: Record<ModelSource, string> = { bundled: 'Bundled', user: 'Your Models' };

function tooltip(model: ModelSummary): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false; // names and paths come from disk
  md.appendMarkdown(`**${escape(model.name)}**\n\n`);
  const rows: [string, string | number | undefined][] = [
    ['Type', model.modelType],
    ['Layers', model.decoderLayers ? `${model.layers} encoder + ${model.decoderLayers} decoder` : model.layers],
    ['Heads', model.heads],
    ['Width', model.width],
    ['Context', model.context],
    ['Vocabulary', model.vocabSize],
    ['Training', model.training && describeTraining(model.training)],
  ];
  for (const [label, value] of rows) if (value !== undefined) md.appendMarkdown(`${label}: ${escape(String(value))}  \n`);
  if (model.problem) md.appendMarkdown(`\n$(warning) ${escape(model.problem)}  \n`);
  md.appendMarkdown(`\n${escape(model.folder)}`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}

export class ModelsTreeProvider implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** One listing per refresh, shared by both groups. */
  private models: Promise<ModelSummary[]> | undefined;

  constructor(private readonly s: Services) {
    this.subscriptions = [
      s.catalog.onDidChange(() => this.refresh()),
      s.selection.onDidChange(() => this.changed.fire()),
    ];
  }

  private refresh(): void {
    this.models = undefined;
    this.changed.fire();
  }

  private listing(): Promise<ModelSummary[]> {
    this.models ??= this.s.catalog.list();
    return this.models;
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    const models = await this.listing();
    if (!node) {
      // Without any model the view shows its welcome content (package.json viewsWelcome).
      return (['bundled', 'user'] as const)
        .filter((source) => models.some((m) => m.source === source))
        .map((source) => ({ kind: 'group', source }));
    }
    if (node.kind === 'model') return [];
    return models.filter((m) => m.source === node.source).map((model) => ({ kind: 'model', model }));
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(GROUP_LABEL[node.source], vscode.TreeItemCollapsibleState.Expanded);
      item.contextValue = `group.${node.source}`;
      item.tooltip = node.source === 'user' ? this.s.catalog.userFolder : this.s.catalog.bundledFolder;
      return item;
    }
    const { model } = node;
    const selected = model.folder === this.s.selection.folder;
    const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.None);
    item.id = model.folder;
    const loss = model.training?.valLoss ?? model.training?.finalLoss;
    item.description = describeModel(model) + (loss === undefined ? '' : ` · loss ${loss.toFixed(2)}`);
    item.tooltip = tooltip(model);
    item.iconPath = new vscode.ThemeIcon(
      model.problem ? 'warning' : selected ? 'pass-filled' : 'circuit-board',
      model.problem ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
    item.contextValue = model.supported ? 'model' : 'model.unsupported';
    item.command = { command: 'pretrainLab.showModelDetails', title: 'Show Model Details', arguments: [node] };
    item.accessibilityInformation = { label: `${model.name}${selected ? ', selected' : ''}, ${describeModel(model)}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
