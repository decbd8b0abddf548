// The head view: the query tokens on the left, the key tokens on the right, and a
// line from each query to each key it attends to, as opaque as the weight, one
// colour per head. Hovering a token keeps only its lines and shades the tokens it
// is linked to by weight; the head chips switch heads on and off.
import { el } from '../shared/dom';
import { css, type Palette } from './colors';
import { type TokenPlace, tokenLabel, tokenTitle } from './tokens';

const ROW = 22;
const GAP = 200;
/** Lines fainter than this are not drawn: invisible anyway, and they cost time. */
const MIN_WEIGHT = 0.02;

export interface HeadViewInput {
  /** heads[head][query][key], already windowed. */
  heads: number[][][];
  queryTokens: string[];
  keyTokens: string[];
  palette: Palette;
  /** Heads drawn; the set is the caller's, so it survives redraws. */
  shown: Set<number>;
  /** Where each shown query / key token lies in the text (LayoutLM), windowed like the tokens. */
  queryPlaces?: (TokenPlace | null)[];
  keyPlaces?: (TokenPlace | null)[];
}

type Focus = { side: 'query' | 'key'; index: number } | undefined;

export function renderHeadView(input: HeadViewInput): HTMLElement {
  const { heads, queryTokens, keyTokens, palette, shown } = input;
  const root = el('div', 'head-view');
  const chips = el('div', 'head-chips');
  chips.setAttribute('aria-label', 'Heads');
  const body = el('div', 'head-body');
  const left = el('div', 'head-tokens left');
  const right = el('div', 'head-tokens right');
  const canvas = el('canvas', 'head-lines');
  const rows = Math.max(queryTokens.length, keyTokens.length);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = GAP * ratio;
  canvas.height = rows * ROW * ratio;
  canvas.style.width = `${GAP}px`;
  canvas.style.height = `${rows * ROW}px`;
  const ctx = canvas.getContext('2d');

  const label = (token: string, side: 'query' | 'key', index: number) => {
    const node = el('div', `token ${side}`, tokenLabel(token));
    node.title = tokenTitle(token, (side === 'query' ? input.queryPlaces : input.keyPlaces)?.[index]);
    node.addEventListener('mouseenter', () => draw({ side, index }));
    node.addEventListener('mouseleave', () => draw(undefined));
    return node;
  };
  const queryNodes = queryTokens.map((t, i) => label(t, 'query', i));
  const keyNodes = keyTokens.map((t, j) => label(t, 'key', j));
  left.append(...queryNodes);
  right.append(...keyNodes);

  function draw(focus: Focus): void {
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, GAP, rows * ROW);
    ctx.lineWidth = 2;
    const strength = new Float32Array(focus?.side === 'query' ? keyTokens.length : queryTokens.length);
    for (const h of shown) {
      const colour = palette.head(h);
      heads[h].forEach((row, i) => {
        if (focus?.side === 'query' && focus.index !== i) return;
        row.forEach((w, j) => {
          if (w < MIN_WEIGHT || (focus?.side === 'key' && focus.index !== j)) return;
          if (focus) strength[focus.side === 'query' ? j : i] = Math.max(strength[focus.side === 'query' ? j : i], w);
          ctx.strokeStyle = css(colour, w);
          ctx.beginPath();
          ctx.moveTo(0, (i + 0.5) * ROW);
          ctx.bezierCurveTo(GAP / 2, (i + 0.5) * ROW, GAP / 2, (j + 0.5) * ROW, GAP, (j + 0.5) * ROW);
          ctx.stroke();
        });
      });
    }
    const [own, other] = focus?.side === 'query' ? [queryNodes, keyNodes] : [keyNodes, queryNodes];
    for (const n of [...queryNodes, ...keyNodes]) {
      n.classList.remove('lit');
      n.style.removeProperty('background');
    }
    if (!focus) return;
    own[focus.index].classList.add('lit');
    other.forEach((n, k) => {
      if (strength[k] > 0) n.style.background = css(palette.heat, Math.min(0.85, strength[k]));
    });
  }

  heads.forEach((_, h) => {
    const chip = el('button', shown.has(h) ? 'chip on' : 'chip', `head ${h}`);
    chip.style.setProperty('--chip', css(palette.head(h)));
    chip.setAttribute('aria-pressed', String(shown.has(h)));
    chip.addEventListener('click', () => {
      if (shown.has(h)) shown.delete(h);
      else shown.add(h);
      chip.classList.toggle('on', shown.has(h));
      chip.setAttribute('aria-pressed', String(shown.has(h)));
      draw(undefined);
    });
    chips.append(chip);
  });

  body.append(left, canvas, right);
  root.append(chips, body);
  draw(undefined);
  return root;
}
