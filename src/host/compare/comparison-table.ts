// The comparison's table and verdict as the view shows them: the same cells and the same
// one-line verdict as comparison.md (src/compare/report-markdown.ts), built from a snapshot,
// so a comparison still running shows the rows and seeds it has finished. Markdown marks
// (backticks, bold) are dropped: the view sets the text as is.
import type { ComparisonReport, ReportRow } from '../../compare/protocol';
import { reportRow } from '../../compare/report';
import { bestLine, HEADER, tableRow } from '../../compare/report-markdown';
import type { ComparisonSnapshot, ComparisonTable } from './comparison-state';

const plain = (markdown: string) => markdown.replace(/\*\*|`/g, '');

/** The report's rows: the job's report when it left one, else the plan with the results so far. */
function rowsOf(c: ComparisonSnapshot): ReportRow[] {
  if (c.report) return c.report.rows;
  return (c.plan?.rows ?? []).map((plan) => reportRow(plan, c.results.filter((r) => r.row === plan.id).sort((a, b) => a.seed - b.seed).map(({ seed, result }) => ({ seed, result }))));
}

export function comparisonTable(c: ComparisonSnapshot): ComparisonTable | undefined {
  if (!c.plan && !c.report) return undefined;
  const rows = rowsOf(c);
  const finished = rows.some((r) => r.seeds.length > 0);
  // bestLine reads only the rows.
  const report = { rows } as ComparisonReport;
  return {
    headers: [...HEADER],
    rows: rows.map((r) => ({ id: r.id, cells: tableRow(r).map(plain) })),
    ...(finished ? { verdict: plain(bestLine(report)) } : {}),
  };
}
