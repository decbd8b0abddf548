// The model view: every layer × head of one kind of attention as a thumbnail, so
// patterns across the model are seen at a glance. Clicking one enlarges it into
// the matrix view.
import { el } from '../shared/dom';
import type { Palette } from './colors';
import { paintMatrix } from './heatmap';

export interface ModelViewInput {
  /** layers[layer][head] = windowed rows[query][key]. */
  layers: { layer: number; heads: number[][][] }[];
  selected: { layer: number; head: number };
  palette: Palette;
  onPick(layer: number, head: number): void;
}

const THUMB = 72;

export function renderModelView(input: ModelViewInput): HTMLElement {
  const heads = input.layers[0]?.heads.length ?? 0;
  const grid = el('div', 'model-grid');
  grid.style.gridTemplateColumns = `auto repeat(${heads}, ${THUMB + 6}px)`;
  grid.append(el('div'));
  for (let h = 0; h < heads; h++) grid.append(el('div', 'grid-head', `H${h}`));
  for (const { layer, heads: maps } of input.layers) {
    grid.append(el('div', 'grid-layer', `L${layer}`));
    maps.forEach((rows, h) => {
      const cell = el('button', 'thumb');
      const isSelected = layer === input.selected.layer && h === input.selected.head;
      if (isSelected) cell.classList.add('selected');
      cell.title = `Layer ${layer}, head ${h}: click to enlarge`;
      cell.setAttribute('aria-label', `Layer ${layer} head ${h}`);
      cell.setAttribute('aria-pressed', String(isSelected));
      const canvas = el('canvas');
      paintMatrix(canvas, rows, THUMB / Math.max(1, rows[0]?.length ?? 1, rows.length), input.palette);
      cell.append(canvas);
      cell.addEventListener('click', () => input.onPick(layer, h));
      grid.append(cell);
    });
  }
  return grid;
}
