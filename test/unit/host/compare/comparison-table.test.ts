// The comparison view's table is comparison.md's: the same headers and cells (without markdown
// marks) and the same verdict, for a finished report and for a comparison still running.
import * as assert from 'node:assert';
import { markdownTable } from '../../../../src/compare/report-markdown';
import { applyCompareEvent, fromReport, newComparison } from '../../../../src/host/compare/comparison-state';
import { comparisonTable } from '../../../../src/host/compare/comparison-table';
import { madeUpEvents, madeUpReport, RESULTS } from '../../../helpers/made-up-comparison';

/** comparison.md's table as rows of cells, markdown marks dropped. */
function markdownCells(markdown: string): string[][] {
  return markdown.trim().split('\n').filter((_, i) => i !== 1).map((line) => line.slice(2, -2).split(' | ').map((cell) => cell.replace(/`/g, '')));
}

describe('comparison table', () => {
  it('has comparison.md\'s headers and cells for every row, and its verdict', () => {
    const report = madeUpReport();
    const table = comparisonTable(fromReport('cmp', '/x', report))!;
    const [headers, ...rows] = markdownCells(markdownTable(report));
    assert.deepStrictEqual(table.headers, headers);
    assert.deepStrictEqual(table.rows.map((r) => r.cells), rows);
    assert.deepStrictEqual(table.rows.map((r) => r.id), ['bert-mlm', 'electra-rtd', 'none']);
    assert.match(table.verdict ?? '', /^Best downstream accuracy: ELECTRA — replaced-token detection \(electra-rtd\), 75\.0% ± 0\.0/);
    assert.doesNotMatch(table.verdict ?? '', /[`*]/);
  });

  it('while running: every planned row, the finished ones with their scores', () => {
    const c = newComparison('cmp', '/x');
    assert.strictEqual(comparisonTable(c), undefined);
    const events = madeUpEvents();
    for (const e of events.slice(0, events.findIndex((e) => e.event === 'result') + 1)) applyCompareEvent(c, e);
    const table = comparisonTable(c)!;
    const [, ...rows] = markdownCells(markdownTable(madeUpReport(RESULTS.slice(0, 1))));
    assert.deepStrictEqual(table.rows.map((r) => r.cells), rows);
    assert.strictEqual(table.rows[1].cells.at(-2), '–', 'ELECTRA has no accuracy yet');
  });
});
