// The comparison view: a comparison of pretraining objectives while it runs (which row, seed
// and phase, the current run's loss, each row's curve so far) and its result (the table,
// the loss curves side by side, accuracy and macro-F1 with their spread over seeds, the
// pretraining tasks' own accuracies). One panel, re-targeted when another comparison is shown;
// the webview never names a path, it acts on "this comparison".
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportJsonPath, reportMarkdownPath } from '../../compare/files';
import type { CompareEvent } from '../../compare/protocol';
import { fromReport } from '../../host/compare/comparison-state';
import { comparisonTable } from '../../host/compare/comparison-table';
import { readComparisonReport } from '../../host/compare/report-file';
import type { ComparisonRun } from '../../host/compare/comparisons';
import type { ComparisonContent, RenderedComparison } from '../../host/panels';
import type { Services } from '../../host/services';
import { modelsFolder } from '../../host/settings';
import { RunPanel, RunPanelSlot, type PageMessage } from '../run-panel';
import { panelMedia } from '../webview-base';
import { FromWebview, PanelState, PROTOCOL, ToWebview } from './protocol';

export class ComparisonPanel extends RunPanel<FromWebview, PanelState, ComparisonContent, RenderedComparison, CompareEvent> {
  private static readonly slot = new RunPanelSlot<FromWebview, PanelState, ComparisonContent, RenderedComparison, ComparisonPanel>(
    { ...PROTOCOL, ...panelMedia('comparison', 'Comparison', ['shared/controls.css', 'shared/run-status.css', 'shared/table.css']) },
    (s, panel, content) => new ComparisonPanel(s, panel, content),
  );

  /** Counts inits, so a table drawn for content shown before does not settle a later wait. */
  private generation = 0;

  /** Resolves with the table as drawn once the comparison has ended, or undefined if the panel closed or turned to another comparison first. */
  static show(s: Services, content: ComparisonContent): Promise<RenderedComparison | undefined> {
    return ComparisonPanel.slot.showContent(s, content);
  }

  static registerSerializer(s: Services): vscode.Disposable {
    return ComparisonPanel.slot.registerContentRestorer(s, async (state) => restoredComparison(s, path.resolve(state.folder)));
  }

  private constructor(s: Services, panel: vscode.WebviewPanel, content: ComparisonContent) {
    super(ComparisonPanel.slot, panel, s, content, s.comparisons);
    this.setTitle();
  }

  protected runUpdated(run: ComparisonRun, event: CompareEvent | undefined): void {
    if (!event) return this.post({ type: 'snapshot', comparison: run.snapshot, table: comparisonTable(run.snapshot) });
    this.post({ type: 'event', event });
    if (event.event === 'plan' || event.event === 'result') this.post({ type: 'table', table: comparisonTable(run.snapshot) });
  }

  private get folder(): string {
    return this.content.kind === 'live' ? this.content.run.snapshot.folder : this.content.comparison.folder;
  }

  protected async handlePage(message: PageMessage<FromWebview>): Promise<void> {
    switch (message.type) {
      case 'markdown': {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(reportMarkdownPath(this.folder)));
        await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'rendered':
        if (message.final && message.generation === this.generation) this.drawn.settle({ headers: message.headers, rows: message.rows });
        return;
    }
  }

  override retarget(content: ComparisonContent): void {
    // Those waiting for another comparison's end will not see it here.
    if (!sameComparison(this.content, content)) this.drawn.settle(undefined);
    super.retarget(content);
  }

  private setTitle(): void {
    const name = this.content.kind === 'live' ? this.content.run.snapshot.name : this.content.comparison.name;
    this.panel.title = `Comparison: ${name}`;
  }

  protected sendInit(): void {
    this.setTitle();
    const comparison = this.content.kind === 'live' ? this.content.run.snapshot : this.content.comparison;
    this.post({ type: 'init', generation: ++this.generation, title: this.panel.title, comparison, table: comparisonTable(comparison) });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }
}

function sameComparison(a: ComparisonContent, b: ComparisonContent): boolean {
  return a.kind === 'live' && b.kind === 'live' && a.run === b.run;
}

/** The saved folder came from a webview: restore only comparisons of this session or ones in the models folder. */
function restoredComparison(s: Services, folder: string): ComparisonContent | undefined {
  const live = s.comparisons.find(folder);
  if (live) return { kind: 'live', run: live };
  if (!folder.startsWith(path.resolve(modelsFolder(s.context)) + path.sep)) return undefined;
  try {
    return { kind: 'finished', comparison: fromReport(path.basename(folder), folder, readComparisonReport(reportJsonPath(folder))) };
  } catch {
    return undefined;
  }
}
