/**
 * A self-contained HTML page (no network, no external files) that draws an attention report:
 * a grid of every layer × head, and a large heatmap with token labels for the one clicked.
 */
import type { AttentionReport } from './attention-maps';

const STYLE = `
body{font:13px system-ui,sans-serif;margin:16px;background:#fff;color:#222}
h1{font-size:16px;margin:0 0 4px} .sub{color:#666;margin-bottom:12px}
.grid{display:grid;gap:6px;margin-bottom:16px} .cell{cursor:pointer;text-align:center;font-size:11px;color:#555}
.cell canvas{border:1px solid #ddd;image-rendering:pixelated;width:72px;height:72px}
.cell.sel canvas{border-color:#06c;outline:2px solid #06c}
#big{border:1px solid #ccc} select{margin-right:8px}`;

// Runs in the page: reads the embedded report and paints canvases.
const SCRIPT = `
const report = JSON.parse(document.getElementById('report').textContent);
const kinds = [...new Set(report.maps.map(m => m.kind))];
const kindSel = document.getElementById('kind');
kinds.forEach(k => kindSel.add(new Option(k + ' attention', k)));
function paint(canvas, rows, scale) {
  const q = rows.length, k = rows[0].length; canvas.width = k * scale; canvas.height = q * scale;
  const ctx = canvas.getContext('2d');
  rows.forEach((row, i) => row.forEach((w, j) => {
    const v = Math.round(255 * (1 - Math.min(1, w)));
    ctx.fillStyle = 'rgb(' + v + ',' + v + ',255)'; ctx.fillRect(j * scale, i * scale, scale, scale);
  }));
}
function tokensOf(kind) {
  const own = report.tokensByKind && report.tokensByKind[kind];
  return own || { query: report.queryTokens, key: kind === 'cross' ? report.keyTokens : report.queryTokens };
}
function showBig(map, head) {
  const rows = map.weights[head]; const { query, key: keys } = tokensOf(map.kind);
  const cell = 22, left = 90, top = 90, big = document.getElementById('big');
  big.width = left + keys.length * cell + 60; big.height = top + rows.length * cell;
  const ctx = big.getContext('2d'); ctx.clearRect(0, 0, big.width, big.height); ctx.font = '11px monospace';
  rows.forEach((row, i) => row.forEach((w, j) => {
    const v = Math.round(255 * (1 - Math.min(1, w)));
    ctx.fillStyle = 'rgb(' + v + ',' + v + ',255)'; ctx.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1);
  }));
  ctx.fillStyle = '#222';
  query.slice(0, rows.length).forEach((t, i) => ctx.fillText(JSON.stringify(t).slice(1, -1).slice(0, 12), 2, top + i * cell + 15));
  keys.forEach((t, j) => { ctx.save(); ctx.translate(left + j * cell + 15, top - 4); ctx.rotate(-Math.PI / 3); ctx.fillText(JSON.stringify(t).slice(1, -1).slice(0, 12), 0, 0); ctx.restore(); });
  document.getElementById('caption').textContent = map.kind + ' attention, layer ' + map.layer + ', head ' + head;
  const readout = document.getElementById('readout');
  big.onmousemove = (e) => {
    const box = big.getBoundingClientRect(), j = Math.floor((e.clientX - box.left - left) / cell), i = Math.floor((e.clientY - box.top - top) / cell);
    if (i < 0 || j < 0 || i >= rows.length || j >= keys.length) return;
    readout.textContent = JSON.stringify(query[i]) + place(i) + ' → ' + JSON.stringify(keys[j]) + place(j) + ': ' + rows[i][j].toFixed(3);
  };
}
// Line and column of token i (LayoutLM reports; single-stack only, whose keys are their queries).
function place(i) {
  const p = !report.tokensByKind && report.tokenPositions ? report.tokenPositions[i] : null;
  return p ? ' (line ' + p.line + ':' + p.column + ')' : '';
}
function render() {
  const maps = report.maps.filter(m => m.kind === kindSel.value);
  const grid = document.getElementById('grid'); grid.innerHTML = '';
  grid.style.gridTemplateColumns = 'repeat(' + maps[0].weights.length + ', 80px)';
  maps.forEach(map => map.weights.forEach((rows, head) => {
    const cell = document.createElement('div'); cell.className = 'cell';
    const c = document.createElement('canvas'); paint(c, rows, 4); cell.append(c, 'L' + map.layer + ' H' + head);
    cell.onclick = () => { document.querySelectorAll('.cell').forEach(e => e.classList.remove('sel')); cell.classList.add('sel'); showBig(map, head); };
    grid.append(cell);
  }));
  grid.firstChild.click();
}
kindSel.onchange = render; render();`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function attentionHtml(report: AttentionReport): string {
  // `</` inside the JSON would close the script element early.
  const json = JSON.stringify(report).replace(/<\//g, '<\\/');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Attention — ${escapeHtml(report.model)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>${STYLE}</style></head>
<body><h1>Attention maps — ${escapeHtml(report.model)}</h1>
<div class="sub">${escapeHtml(report.text)}</div>
<div><select id="kind"></select><span id="caption"></span></div>
<div id="grid" class="grid"></div>
<canvas id="big"></canvas>
<div id="readout" class="sub">Hover a cell to see its tokens and weight.</div>
<script type="application/json" id="report">${json}</script>
<script>${SCRIPT}</script></body></html>
`;
}
