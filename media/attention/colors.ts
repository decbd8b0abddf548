// Colours of the attention views, all from the editor's theme so the explorer
// follows light, dark and high-contrast themes. Canvas needs concrete colours, so
// theme variables are resolved and parsed here, once per render.
import { themeColor } from '../shared/dom';

export type Rgb = [number, number, number];

/** Parses #rgb, #rrggbb(aa) and rgb()/rgba() — the forms VS Code themes use. */
export function parseColor(css: string): Rgb | undefined {
  const hex = css.match(/^#([0-9a-f]{3,8})$/i)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex.slice(0, 3)].map((c) => c + c).join('') : hex.slice(0, 6);
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = css.match(/^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : undefined;
}

export function css([r, g, b]: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha.toFixed(3)})`;
}

/** The colour `t` of the way from `a` to `b`. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
}

function resolved(name: string, fallback: string): Rgb {
  return parseColor(themeColor(name, fallback)) ?? (parseColor(fallback) as Rgb);
}

/** VS Code's chart colours, which themes tune to be told apart on their background. */
const CHART_VARS: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
];

export interface Palette {
  background: Rgb;
  foreground: Rgb;
  /** Heat of weight 1; weight 0 is the background. */
  heat: Rgb;
  /** One colour per head; beyond the theme's six, hues are spread evenly. */
  head(index: number): Rgb;
}

function hsl(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255)) as Rgb;
}

export function readPalette(): Palette {
  const background = resolved('--vscode-editor-background', '#1e1e1e');
  const foreground = resolved('--vscode-foreground', '#cccccc');
  const charts = CHART_VARS.map(([name, fallback]) => resolved(name, fallback));
  const dark = background.reduce((a, b) => a + b, 0) < 384;
  return {
    background,
    foreground,
    heat: charts[0],
    head: (i) => charts[i] ?? hsl((i * 137.5) % 360, 0.65, dark ? 0.62 : 0.42),
  };
}
