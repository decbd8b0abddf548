// The panels commands (and host services) open, as an interface: views/ implements it and
// extension.ts hands the implementation to Services, so commands and host never import a view.
import type { CorpusReport } from './corpus/corpus-report';
import type { ModelSummary } from './models/model-types';
import type { RunSnapshot } from './runs/run-state';
import type { TrainingRun } from './runs/training';

/** What the Training dashboard shows: a run of this session (live), a finished run read from
 *  its folder, or a corpus summary alone. */
export type DashboardContent =
  | { kind: 'live'; run: TrainingRun }
  | { kind: 'finished'; run: RunSnapshot; corpus?: CorpusReport }
  | { kind: 'corpus'; corpus: CorpusReport };

/** How an attention run ended, once the webview has drawn it. */
export type AttentionOutcome = { tokens: number; renderMs: number } | { error: string };

export interface Panels {
  showDashboard(content: DashboardContent): void;
  showModelDetails(model: ModelSummary): void;
  /** Resolves once the explorer has drawn the result (or failed). */
  showAttention(model: ModelSummary, text: string): Promise<AttentionOutcome>;
  /** The playground on `model`, or on the selected model when none is given. */
  showPromptPlayground(model: ModelSummary | undefined): void;
}
