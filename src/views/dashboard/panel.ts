// The Training dashboard: a run's live loss curves, learning rate, throughput, step and ETA,
// a Stop button, and the summary of the corpus it reads. Shows either a run (by the model
// folder it writes) or only a corpus summary. One panel, re-targeted when another run or
// summary is shown; the webview never names a path, it acts on "this run". Showing resolves with
// what the page reports it drew (its charts and tiles), so the command can return it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { corpusReportWithPairs } from '../../host/corpus/pair-report';
import { scanWorkspaceFolder } from '../../host/corpus/workspace-corpus';
import type { DashboardContent } from '../../host/panels';
import type { TrainingRun } from '../../host/runs/training';
import type { DashboardDrawn } from '../../host/runs/dashboard-drawn';
import { dashboardContentFor } from '../../host/runs/dashboard-content';
import type { Services } from '../../host/services';
import { modelsFolder } from '../../host/settings';
import type { TrainEvent } from '../../train/run/events';
import { RunPanel, RunPanelSlot, type PageMessage } from '../run-panel';
import { panelMedia } from '../webview-base';
import { FromWebview, PanelState, PROTOCOL, ToWebview } from './protocol';

export class DashboardPanel extends RunPanel<FromWebview, PanelState, DashboardContent, DashboardDrawn, TrainEvent> {
  private static readonly slot = new RunPanelSlot<FromWebview, PanelState, DashboardContent, DashboardDrawn, DashboardPanel>(
    { ...PROTOCOL, ...panelMedia('dashboard', 'Training Dashboard', ['dist/uplot.css', 'shared/controls.css', 'shared/run-status.css', 'shared/table.css']) },
    (s, panel, content) => new DashboardPanel(s, panel, content),
  );

  /** Resolves with what the page drew of `content`, or undefined if the panel closed first. */
  static show(s: Services, content: DashboardContent): Promise<DashboardDrawn | undefined> {
    return DashboardPanel.slot.showContent(s, content);
  }

  static registerSerializer(s: Services): vscode.Disposable {
    return DashboardPanel.slot.registerContentRestorer(
      s,
      (state) => (state.type === 'run' ? restoredRun(s, path.resolve(state.folder)) : restoredCorpus(s, path.resolve(state.root))),
    );
  }

  private constructor(s: Services, panel: vscode.WebviewPanel, content: DashboardContent) {
    super(DashboardPanel.slot, panel, s, content, s.training);
    this.setTitle();
  }

  protected runUpdated(run: TrainingRun, event: TrainEvent | undefined): void {
    this.post(event ? { type: 'event', event } : { type: 'run', run: run.snapshot });
  }

  private get folder(): string | undefined {
    if (this.content.kind === 'live') return this.content.run.snapshot.folder;
    return this.content.kind === 'finished' ? this.content.run.folder : undefined;
  }

  protected async handlePage(message: PageMessage<FromWebview>): Promise<void> {
    switch (message.type) {
      case 'prompt':
        if (this.folder) await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', this.folder);
        return;
      case 'reveal':
        if (this.folder) await vscode.commands.executeCommand('pretrainLab.revealModelFolder', this.folder);
        return;
      case 'drawn': {
        const { type: _, ...drawn } = message;
        this.s.log.info(`training dashboard: drew ${drawn.charts.map((c) => c.title).join(', ') || 'no charts'}`);
        this.drawn.settle(drawn);
        return;
      }
    }
  }

  private setTitle(): void {
    const c = this.content;
    this.panel.title = c.kind === 'corpus' ? `Corpus: ${path.basename(c.corpus.root)}` : `Training: ${c.kind === 'live' ? c.run.snapshot.name : c.run.name}`;
  }

  protected sendInit(): void {
    this.setTitle();
    const c = this.content;
    const message: ToWebview = c.kind === 'live'
      ? { type: 'init', title: this.panel.title, run: c.run.snapshot, corpus: c.run.corpus }
      : c.kind === 'finished'
        ? { type: 'init', title: this.panel.title, run: c.run, corpus: c.corpus }
        : { type: 'init', title: this.panel.title, corpus: c.corpus };
    this.post(message);
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }
}

/** The saved folder came from a webview: restore only runs of this session or models in the
 *  folders the Models view lists. */
async function restoredRun(s: Services, folder: string): Promise<DashboardContent | undefined> {
  const inRoots = s.catalog.roots().some((r) => folder.startsWith(path.resolve(r.folder) + path.sep));
  return s.training.find(folder) || inRoots ? dashboardContentFor(s, folder) : undefined;
}

/** A corpus summary is scanned again only in a trusted workspace folder: after a reload,
 *  nothing reads an untrusted workspace without the user asking. */
async function restoredCorpus(s: Services, root: string): Promise<DashboardContent | undefined> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.fsPath === root);
  if (!folder || !vscode.workspace.isTrusted) return undefined;
  const scan = await scanWorkspaceFolder(folder, modelsFolder(s.context));
  return scan && { kind: 'corpus', corpus: await corpusReportWithPairs(scan) };
}
