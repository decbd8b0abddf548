// The panels commands (and host services) open, as an interface: views/ implements it and
// extension.ts hands the implementation to Services, so commands and host never import a view.
import type { CorpusReport } from './corpus/corpus-report';
import type { ModelSummary } from './models/model-types';
import type { RunSnapshot } from './runs/run-state';
import type { DashboardDrawn } from './runs/dashboard-drawn';
import type { TrainingRun } from './runs/training';
import type { ComparisonRun } from './compare/comparisons';
import type { ComparisonSnapshot, ComparisonTable } from './compare/comparison-state';

/** What the Training dashboard shows: a run of this session (live), a finished run read from
 *  its folder, or a corpus summary alone. */
export type DashboardContent =
  | { kind: 'live'; run: TrainingRun }
  | { kind: 'finished'; run: RunSnapshot; corpus?: CorpusReport }
  | { kind: 'corpus'; corpus: CorpusReport };

/** What the comparison view shows: a comparison of this session (live), or one read from its comparison.json. */
export type ComparisonContent = { kind: 'live'; run: ComparisonRun } | { kind: 'finished'; comparison: ComparisonSnapshot };

/** The result table as the comparison view drew it: its headers, each row's id and its cells' text. */
export type RenderedComparison = Pick<ComparisonTable, 'headers' | 'rows'>;

/** How an attention run ended, once the webview has drawn it. */
export type AttentionOutcome = { tokens: number; renderMs: number } | { error: string };

export interface Panels {
  /** Resolves with what the dashboard drew of `content` (undefined if it closed first). */
  showDashboard(content: DashboardContent): Promise<DashboardDrawn | undefined>;
  showModelDetails(model: ModelSummary): void;
  /** Resolves once the explorer has drawn the result (or failed). */
  showAttention(model: ModelSummary, text: string): Promise<AttentionOutcome>;
  /** The playground on `model`, or on the selected model when none is given. */
  showPromptPlayground(model: ModelSummary | undefined): void;
  /** Resolves once the view has drawn the table of the comparison as it ended (undefined if the view closed first). */
  showComparison(content: ComparisonContent): Promise<RenderedComparison | undefined>;
}
