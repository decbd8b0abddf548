// The matrix view: one layer/head as a heatmap, query tokens down the side and key
// tokens along the top, as DOM labels so they can be read, found and hovered.
// Hovering a cell highlights its two tokens and tells its weight.
import { el } from '../shared/dom';
import { css, mix, type Palette } from './colors';
import { type TokenPlace, tokenLabel, tokenTitle } from './tokens';

export interface MatrixInput {
  /** rows[query][key], already windowed. */
  rows: number[][];
  queryTokens: string[];
  keyTokens: string[];
  /** Index in the full text of the first token shown, for the hover readout. */
  queryOffset: number;
  keyOffset: number;
  palette: Palette;
  /** Where each shown query / key token lies in the text (LayoutLM), windowed like the tokens. */
  queryPlaces?: (TokenPlace | null)[];
  keyPlaces?: (TokenPlace | null)[];
}

/** Paints weights into a canvas of `cell`-pixel squares (also used by the thumbnails). */
export function paintMatrix(canvas: HTMLCanvasElement, rows: number[][], cell: number, palette: Palette): void {
  const q = rows.length;
  const k = rows[0]?.length ?? 0;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(k * cell * ratio));
  canvas.height = Math.max(1, Math.round(q * cell * ratio));
  canvas.style.width = `${k * cell}px`;
  canvas.style.height = `${q * cell}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < k; j++) {
      ctx.fillStyle = css(mix(palette.background, palette.heat, Math.min(1, rows[i][j])));
      ctx.fillRect(j * cell, i * cell, cell, cell);
    }
  }
}

export function renderMatrix(input: MatrixInput, available: number): HTMLElement {
  const { rows, queryTokens, keyTokens } = input;
  const cell = Math.max(10, Math.min(28, Math.floor(available / Math.max(1, keyTokens.length))));
  const root = el('div', 'matrix');
  root.style.setProperty('--cell', `${cell}px`);

  const corner = el('div', 'matrix-corner', 'query ↓  key →');
  const top = el('div', 'matrix-keys');
  const keyLabels = keyTokens.map((t, j) => {
    const label = el('div', 'token key', tokenLabel(t));
    label.title = tokenTitle(t, input.keyPlaces?.[j]);
    top.append(label);
    return label;
  });
  const side = el('div', 'matrix-queries');
  const queryLabels = queryTokens.map((t, i) => {
    const label = el('div', 'token query', tokenLabel(t));
    label.title = tokenTitle(t, input.queryPlaces?.[i]);
    side.append(label);
    return label;
  });

  const canvas = el('canvas', 'matrix-canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Attention weights, ${queryTokens.length} query by ${keyTokens.length} key tokens`);
  paintMatrix(canvas, rows, cell, input.palette);
  const readout = el('div', 'readout', 'Hover a cell to see its weight.');

  let lit: HTMLElement[] = [];
  const light = (nodes: HTMLElement[]) => {
    for (const n of lit) n.classList.remove('lit');
    for (const n of nodes) n.classList.add('lit');
    lit = nodes;
  };
  canvas.addEventListener('mousemove', (e) => {
    const box = canvas.getBoundingClientRect();
    const j = Math.floor((e.clientX - box.left) / cell);
    const i = Math.floor((e.clientY - box.top) / cell);
    if (i < 0 || j < 0 || i >= rows.length || j >= keyTokens.length) return;
    light([queryLabels[i], keyLabels[j]]);
    readout.textContent = `“${tokenLabel(queryTokens[i])}” (${where(input.queryOffset + i, input.queryPlaces?.[i])}) → “${tokenLabel(keyTokens[j])}” (${where(input.keyOffset + j, input.keyPlaces?.[j])}): ${rows[i][j].toFixed(3)}`;
  });
  canvas.addEventListener('mouseleave', () => {
    light([]);
    readout.textContent = 'Hover a cell to see its weight.';
  });

  const grid = el('div', 'matrix-grid');
  grid.append(corner, top, side, canvas);
  root.append(grid, legend(input.palette), readout);
  return root;
}

/** A token's index in the text, and its line:column where the report has them. */
function where(index: number, place: TokenPlace | null | undefined): string {
  return place ? `#${index}, line ${place.line}:${place.column}` : `#${index}`;
}

/** The colour scale from weight 0 to weight 1. */
function legend(palette: Palette): HTMLElement {
  const bar = el('div', 'legend');
  const ramp = el('canvas', 'legend-ramp');
  paintMatrix(ramp, [Array.from({ length: 32 }, (_, i) => i / 31)], 4, palette);
  bar.append(el('span', undefined, '0'), ramp, el('span', undefined, '1'));
  return bar;
}
