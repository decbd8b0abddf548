// Where a run stands, drawn alike by the run panels (training dashboard, comparison): the words
// of the status badge and the stat tiles, which shared/run-status.css styles.
import { el } from './dom';

/** Badge words of the statuses every run panel knows; each panel adds the words of its own. */
export const SHARED_STATUS_TEXT = { starting: 'Preparing', completed: 'Completed', cancelled: 'Stopped', failed: 'Failed' } as const;

/** A stat tile: a label over a value, and a smaller line under them when there is a `sub`. */
export function statTile(label: string, value: string, sub?: string): HTMLElement {
  const box = el('div', 'stat');
  box.append(el('div', 'stat-label', label), el('div', 'stat-value', value));
  if (sub) box.append(el('div', 'stat-sub', sub));
  return box;
}
