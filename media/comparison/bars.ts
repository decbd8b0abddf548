// Horizontal bars on a 0–1 scale, one per row: the mean over seeds as the bar, the range over
// seeds (min–max) as a whisker, and each seed as a dot, with the value in words beside it.
// Plain elements sized through the CSSOM (the webview's CSP allows no inline style markup).
import type { Spread } from '../../src/views/comparison/view-model';
import { el } from '../shared/dom';

export interface Bar {
  label: string;
  /** The row's full name, shown on hover. */
  title: string;
  colour: number;
  /** Undefined while the row has no finished seed. */
  spread?: Spread;
  /** The value in words, e.g. "81.2% ± 1.3". */
  text: string;
}

const pct = (x: number) => `${(100 * Math.min(1, Math.max(0, x))).toFixed(2)}%`;

export function barChart(title: string, bars: Bar[]): HTMLElement {
  const box = el('section', 'bars');
  box.setAttribute('aria-label', title);
  box.append(el('h3', undefined, title));
  const best = Math.max(...bars.map((b) => b.spread?.mean ?? -Infinity));
  for (const bar of bars) {
    const row = el('div', 'bar-row');
    const label = el('div', 'bar-label', bar.label);
    label.title = bar.title;
    const track = el('div', 'bar-track');
    if (bar.spread) {
      const fill = el('div', `bar-fill series-${bar.colour}`);
      fill.style.width = pct(bar.spread.mean);
      track.append(fill);
      if (bar.spread.values.length > 1) {
        const whisker = el('div', 'bar-whisker');
        whisker.style.left = pct(bar.spread.min);
        whisker.style.width = `calc(${pct(bar.spread.max)} - ${pct(bar.spread.min)})`;
        whisker.title = `range over ${bar.spread.values.length} seeds: ${(100 * bar.spread.min).toFixed(1)}–${(100 * bar.spread.max).toFixed(1)}%`;
        track.append(whisker);
      }
      for (const v of bar.spread.values) {
        const dot = el('div', 'bar-dot');
        dot.style.left = pct(v);
        track.append(dot);
      }
    }
    const value = el('div', 'bar-value', bar.text);
    if (bar.spread && bar.spread.mean === best && bars.length > 1) value.classList.add('best');
    row.append(label, track, value);
    box.append(row);
  }
  return box;
}
