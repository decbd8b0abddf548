// The corpus summary: what a run reads (files and bytes per language), every file or folder
// it skips, with the reason, and the code/text pairs among the files read. Paths and details
// come from the workspace: textContent only.
import { formatBytes } from '../../src/util/format';
import type { CorpusReport, PairReport } from '../../src/host/corpus/corpus-report';
import { el } from '../shared/dom';

function table(caption: string, head: string[], rows: string[][], numeric: number[]): HTMLTableElement {
  const t = el('table', 'pl-table');
  t.append(el('caption', undefined, caption));
  const tr = el('tr');
  head.forEach((h, i) => tr.append(el('th', numeric.includes(i) ? 'num' : undefined, h)));
  t.createTHead().append(tr);
  const body = t.createTBody();
  for (const row of rows) {
    const r = el('tr');
    row.forEach((cell, i) => r.append(el('td', numeric.includes(i) ? 'num' : undefined, cell)));
    body.append(r);
  }
  return t;
}

export function renderCorpus(report: CorpusReport): HTMLElement {
  const section = el('section', 'corpus');
  section.setAttribute('aria-label', 'Corpus summary');
  section.append(el('h2', undefined, 'Corpus'));
  const skipped = report.reasons.reduce((n, r) => n + r.count, 0);
  section.append(el('p', 'pl-hint', `${report.files.toLocaleString()} files, ${formatBytes(report.bytes)} of text read from ${report.root} · ${skipped.toLocaleString()} skipped`));

  const grid = el('div', 'corpus-grid');
  grid.append(table('Read, by language', ['Language', 'Files', 'Size'],
    report.languages.map((l) => [l.language, l.files.toLocaleString(), formatBytes(l.bytes)]), [1, 2]));
  grid.append(table('Skipped, by reason', ['Reason', 'Count'], report.reasons.map((r) => [r.text, r.count.toLocaleString()]), [1]));
  section.append(grid);
  if (report.pairs) section.append(renderPairs(report.pairs));

  if (report.skips.length > 0) {
    const details = el('details', 'skips');
    details.append(el('summary', undefined, `Every skip (${skipped.toLocaleString()})`));
    const text = Object.fromEntries(report.reasons.map((r) => [r.reason, r.text]));
    details.append(table('Skipped files and folders', ['Path', 'Reason', 'Detail'],
      report.skips.map((s) => [s.folder ? `${s.path}/` : s.path, text[s.reason] ?? s.reason, s.detail]), []));
    if (report.unlisted > 0) details.append(el('p', 'pl-hint', `…and ${report.unlisted.toLocaleString()} more, not listed.`));
    section.append(details);
  }
  return section;
}

/** Pair counts per language and per kind, as `pretrain-lab pairs` prints them. */
function renderPairs(pairs: PairReport): HTMLElement {
  const part = el('div', 'corpus-pairs');
  part.append(el('h3', undefined, 'Code/text pairs'));
  const duplicates = pairs.duplicates > 0 ? ` (${pairs.duplicates.toLocaleString()} duplicates dropped)` : '';
  part.append(el('p', 'pl-hint', `${pairs.pairs.toLocaleString()} pairs${duplicates} in ${pairs.files.toLocaleString()} source and Markdown files, ${pairs.units.toLocaleString()} code units`));
  if (pairs.partial) part.append(el('p', 'pl-hint', `Partial: ${pairs.partial}.`));
  if (pairs.pairs === 0) {
    part.append(el('p', 'pl-hint', 'Pair mining looks for doc comments and docstrings with the code they describe, comments directly above code, test titles with their bodies, and Markdown prose followed by a code block.'));
    return part;
  }
  const grid = el('div', 'corpus-grid');
  grid.append(table('Pairs, by language', ['Language', 'Pairs'], pairs.languages.map((l) => [l.language, l.pairs.toLocaleString()]), [1]));
  grid.append(table('Pairs, by kind', ['Kind', 'Pairs'], pairs.kinds.map((k) => [PAIR_KIND_TEXT[k.kind] ?? k.kind, k.pairs.toLocaleString()]), [1]));
  part.append(grid);
  return part;
}

const PAIR_KIND_TEXT: Record<string, string> = {
  'doc-comment': 'doc comment and its declaration',
  docstring: 'docstring and its def/class',
  'line-comment': 'comment above code',
  markdown: 'Markdown prose and its code block',
  test: 'test title and its body',
};
