// A comparison of pretraining objectives as its view shows it, built by folding the compare
// job's CompareEvents into a snapshot: the plan, where the run is (row, seed, phase, step and
// loss), each row's pretraining loss so far, and the results of finished pipelines. The
// extension keeps one per comparison (a view opened mid-run starts complete) and the webview
// folds the same events into its copy. No Node or vscode imports: the webview bundles it, and
// it reads the comparison's contract (src/compare/protocol.ts, plain types only) as the job writes it.
import type { CompareEvent, ComparisonBudget, ComparisonPosition, ComparisonReport, PlannedRow, SeedResult } from '../../compare/protocol';

export type ComparisonStatus = 'starting' | 'running' | 'completed' | 'cancelled' | 'failed';

export interface CurvePoint {
  step: number;
  loss: number;
}

/** The pipeline (row × seed) in progress, and how far its phase is. */
export interface LivePosition extends ComparisonPosition {
  step: number;
  totalSteps: number;
  loss?: number;
  tokensPerSec?: number;
  etaMs?: number;
  /** The phase continues a checkpoint, or had already finished in an earlier run. */
  status: 'start' | 'reused' | 'resumed';
}

export interface ComparisonSnapshot {
  /** The comparison's folder name and path. */
  name: string;
  folder: string;
  status: ComparisonStatus;
  plan?: { rows: PlannedRow[]; seeds: number[]; budget: ComparisonBudget };
  position?: LivePosition;
  /** Pretraining loss by step of each row, for the first seed it ran: curves side by side while it runs. */
  curves: Record<string, CurvePoint[]>;
  /** Loss by step of the phase in progress (pretraining or finetuning). */
  current: CurvePoint[];
  results: { row: string; seed: number; result: SeedResult }[];
  /** Last log line, or the failure, in words. */
  message?: string;
  /** The report the job left, once it ended. */
  report?: ComparisonReport;
}

/** The result table as comparison.md has it (comparison-table.ts builds it in the extension). */
export interface ComparisonTable {
  headers: string[];
  rows: { id: string; cells: string[] }[];
  /** "Best downstream accuracy: …", once any row has finished. */
  verdict?: string;
}

/** Points kept per curve: a long run is thinned to every other point when it reaches this. */
export const MAX_CURVE_POINTS = 2000;

export function newComparison(name: string, folder: string): ComparisonSnapshot {
  return { name, folder, status: 'starting', curves: {}, current: [], results: [] };
}

/** Appends, halving the curve when it is full, so memory and repaint stay bounded. */
export function pushPoint(curve: CurvePoint[], point: CurvePoint): void {
  if (curve.length >= MAX_CURVE_POINTS) {
    let kept = 0;
    for (let i = 0; i < curve.length; i += 2) curve[kept++] = curve[i];
    curve.length = kept;
  }
  curve.push(point);
}

/** The seed whose pretraining curve stands for a row while it runs: the first one planned. */
function curveSeed(c: ComparisonSnapshot): number | undefined {
  return c.plan?.seeds[0];
}

/** Applies one event in place (curves grow to thousands of points). */
export function applyCompareEvent(c: ComparisonSnapshot, e: CompareEvent): void {
  switch (e.event) {
    case 'plan':
      c.plan = { rows: e.rows, seeds: e.seeds, budget: e.budget };
      c.status = 'running';
      return;
    case 'phase':
      c.status = 'running';
      c.position = { row: e.row, seed: e.seed, phase: e.phase, status: e.status, step: 0, totalSteps: 0 };
      c.current = [];
      // A fresh start of the row's curve seed begins its curve again (a resumed one continues it).
      if (e.phase === 'pretrain' && e.seed === curveSeed(c) && e.status !== 'resumed') delete c.curves[e.row];
      return;
    case 'train': {
      const p = c.position && c.position.row === e.row && c.position.seed === e.seed && c.position.phase === e.phase
        ? c.position
        : (c.position = { row: e.row, seed: e.seed, phase: e.phase, status: 'start', step: 0, totalSteps: 0 });
      const inner = e.inner;
      if (inner.event === 'start') {
        p.step = inner.step;
        p.totalSteps = inner.totalSteps;
      } else if (inner.event === 'progress') {
        p.step = inner.step;
        p.loss = inner.loss;
        p.tokensPerSec = inner.tokensPerSec;
        p.etaMs = inner.etaMs;
        pushPoint(c.current, { step: inner.step, loss: inner.loss });
        if (e.phase === 'pretrain' && e.seed === curveSeed(c)) pushPoint((c.curves[e.row] ??= []), { step: inner.step, loss: inner.loss });
      } else if (inner.event === 'log' || inner.event === 'error') {
        c.message = inner.message;
      }
      return;
    }
    case 'result':
      c.results = c.results.filter((r) => !(r.row === e.row && r.seed === e.seed));
      c.results.push({ row: e.row, seed: e.seed, result: e.result });
      return;
    case 'log':
    case 'error':
      c.message = e.message;
      return;
  }
}

/** The job ended with this report. */
export function applyReport(c: ComparisonSnapshot, stopReason: 'completed' | 'cancelled', report: ComparisonReport): void {
  c.status = stopReason;
  c.report = report;
  c.position = undefined;
}

export function applyComparisonFailure(c: ComparisonSnapshot, message: string): void {
  c.status = 'failed';
  c.message = message;
}

export function isComparisonActive(c: ComparisonSnapshot): boolean {
  return c.status === 'starting' || c.status === 'running';
}

/** A finished comparison read back from its comparison.json. */
export function fromReport(name: string, folder: string, report: ComparisonReport): ComparisonSnapshot {
  const c = newComparison(name, folder);
  c.status = report.complete ? 'completed' : 'cancelled';
  c.report = report;
  c.plan = { rows: report.rows, seeds: [...new Set(report.rows.flatMap((r) => r.seeds.map((s) => s.seed)))], budget: report.budget };
  c.results = report.rows.flatMap((r) => r.seeds.map((s) => ({ row: r.id, seed: s.seed, result: s.result })));
  return c;
}

/** Pipelines (row × seed) finished and planned. */
export function pipelinesDone(c: ComparisonSnapshot): { done: number; total: number } {
  return { done: c.results.length, total: (c.plan?.rows.length ?? 0) * (c.plan?.seeds.length ?? 0) };
}

/** "ELECTRA — replaced-token detection · seed 1 · pretraining · step 40/120 · loss 3.210 · 2/6 done" */
export function comparisonProgressLine(c: ComparisonSnapshot): string {
  const p = c.position;
  if (!c.plan || !p) return 'reading the corpus and the labelled data…';
  const label = c.plan.rows.find((r) => r.id === p.row)?.label ?? p.row;
  const step = p.totalSteps ? ` · step ${p.step}/${p.totalSteps}` : '';
  const loss = p.loss === undefined ? '' : ` · loss ${p.loss.toFixed(3)}`;
  const { done, total } = pipelinesDone(c);
  return `${label} · seed ${p.seed} · ${p.phase === 'pretrain' ? 'pretraining' : 'finetuning'}${step}${loss} · ${done}/${total} done`;
}
