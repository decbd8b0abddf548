// Entry point: builds the extension's state (host/), then wires commands and views to it;
// does no work itself. Commands and views never import each other: commands open panels
// through Services.panels, which is filled in here.
// Nothing here may load ONNX Runtime: commands import it lazily when they run,
// so activation stays fast and works where the native binary cannot load.
import * as vscode from 'vscode';
import { registerCancelRunningJob } from './commands/cancel-running-job';
import { registerClassifySelection } from './commands/classify-selection';
import { registerContinueOnCluster, registerOpenClusterRun } from './commands/cluster-run';
import { registerCompareObjectives } from './commands/compare-objectives';
import { registerDownloadCudaProvider } from './commands/download-cuda-provider';
import { registerDownloadPretrainedModel } from './commands/download-pretrained-model';
import { registerFillMaskAtSelection } from './commands/fill-mask-at-selection';
import { registerFindSimilarCode } from './commands/find-similar-code';
import { registerFinetuneModel } from './commands/finetune-model';
import { registerOpenComparison } from './commands/open-comparison';
import { registerOpenPromptPlayground } from './commands/open-prompt-playground';
import { registerOpenSearchHit } from './commands/open-search-hit';
import { registerOpenTrainingDashboard } from './commands/open-training-dashboard';
import { registerPretrainOnWorkspace } from './commands/pretrain-on-workspace';
import { registerRefreshModels } from './commands/refresh-models';
import { registerRevealModelFolder } from './commands/reveal-model-folder';
import { registerSearchWorkspace } from './commands/search-workspace';
import { registerSelectExecutionProvider } from './commands/select-execution-provider';
import { registerSelectModel } from './commands/select-model';
import { registerShowAttention } from './commands/show-attention';
import { registerShowCorpusSummary } from './commands/show-corpus-summary';
import { registerShowModelDetails } from './commands/show-model-details';
import { registerUpdateSearchIndex } from './commands/update-search-index';
import { Comparisons } from './host/compare/comparisons';
import { createInference } from './host/inference';
import { ModelCatalog } from './host/models/model-catalog';
import { ModelSelection } from './host/models/model-selection';
import type { Panels } from './host/panels';
import { Training } from './host/runs/training';
import { SearchResults } from './host/search/search-results';
import { WorkspaceSearch } from './host/search/workspace-search';
import type { Services } from './host/services';
import { AttentionPanel } from './views/attention/panel';
import { ComparisonPanel } from './views/comparison/panel';
import { DashboardPanel } from './views/dashboard/panel';
import { ModelDetailsPanel } from './views/model-details/panel';
import { MODELS_VIEW, ModelsTreeProvider } from './views/models/models-tree';
import { PromptPanel } from './views/prompt/panel';
import { SearchResultsTree } from './views/search/search-results-tree';
import { createStatusBar } from './views/status-bar';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Pretrain Lab', { log: true });
  const catalog = new ModelCatalog(context);
  const selection = new ModelSelection(context.workspaceState);
  const inference = createInference(context.extensionPath, log);
  const training = new Training(context.extensionPath, log);
  const comparisons = new Comparisons(training, log);
  const search = new WorkspaceSearch(context, log);
  const searchResults = new SearchResults();
  // The panels are views: commands and host services open them through this, never directly.
  const panels: Panels = {
    showDashboard: (content) => DashboardPanel.show(s, content),
    showModelDetails: (model) => ModelDetailsPanel.show(s, model),
    showAttention: (model, text) => AttentionPanel.show(s, model, text),
    showPromptPlayground: (model) => PromptPanel.show(s, model),
    showComparison: (content) => ComparisonPanel.show(s, content),
  };
  const s: Services = { context, log, catalog, selection, inference, training, comparisons, search, searchResults, panels };
  const tree = new ModelsTreeProvider(s);

  context.subscriptions.push(
    log,
    catalog,
    selection,
    inference,
    comparisons,
    training,
    tree,
    vscode.window.createTreeView(MODELS_VIEW, { treeDataProvider: tree, showCollapseAll: false }),
    createStatusBar(s),
    registerSelectModel(s),
    registerSelectExecutionProvider(s),
    registerRevealModelFolder(s),
    registerShowModelDetails(s),
    registerRefreshModels(s),
    ModelDetailsPanel.registerSerializer(s),
    registerShowAttention(s),
    AttentionPanel.registerSerializer(s),
    registerOpenPromptPlayground(s),
    registerFillMaskAtSelection(s),
    registerClassifySelection(s),
    PromptPanel.registerSerializer(s),
    registerPretrainOnWorkspace(s),
    registerFinetuneModel(s),
    registerOpenTrainingDashboard(s),
    registerCancelRunningJob(s),
    registerShowCorpusSummary(s),
    registerDownloadCudaProvider(s),
    registerDownloadPretrainedModel(s),
    DashboardPanel.registerSerializer(s),
    registerCompareObjectives(s),
    registerOpenComparison(s),
    registerContinueOnCluster(s),
    registerOpenClusterRun(s),
    ComparisonPanel.registerSerializer(s),
    search,
    searchResults,
    new SearchResultsTree(searchResults),
    registerSearchWorkspace(s),
    registerFindSimilarCode(s),
    registerUpdateSearchIndex(s),
    registerOpenSearchHit(),
  );
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it.
}
