/**
 * Units of Markdown: sections (a heading to the next heading of any level) and fenced code
 * blocks, each code block paired with the prose that introduces it — the paragraph before it,
 * with any list between that paragraph and the block ("Install it:\n\n- step\n- step\n\n```sh").
 * Prose stops at a heading, another code block, a table or HTML.
 */
import { dedent, isDescriptive } from './comment-block';
import type { FoundUnit } from './unit-build';

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)/;
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+/;
const NOT_PROSE = /^\s*(\||<|>|!\[|\[\^|---+\s*$|\*\*\*+\s*$)/;

interface Fence {
  open: number;
  close: number;
  info: string;
}

export function markdownUnits(text: string): FoundUnit[] {
  const lines = text.split('\n');
  const fences = findFences(lines);
  const inFence = new Set<number>();
  for (const f of fences) for (let l = f.open; l <= f.close; l++) inFence.add(l);
  const units: FoundUnit[] = [...sections(lines, inFence)];
  for (const fence of fences) {
    if (fence.close - fence.open < 2) continue; // an empty block
    const prose = proseBefore(lines, fence.open, inFence);
    const indent = FENCE.exec(lines[fence.open])![1].length;
    const code = lines.slice(fence.open + 1, fence.close).map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)![0].length))).join('\n');
    const unit: FoundUnit = { kind: 'block', name: fence.info, firstLine: fence.open + 1, lastLine: fence.close - 1, code };
    if (prose) unit.doc = { text: prose, kind: 'markdown' };
    units.push(unit);
  }
  return units.sort((a, b) => a.firstLine - b.firstLine);
}

function findFences(lines: readonly string[]): Fence[] {
  const fences: Fence[] = [];
  for (let l = 0; l < lines.length; l++) {
    const open = FENCE.exec(lines[l]);
    if (!open) continue;
    const marker = open[2];
    const closing = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let close = l + 1;
    while (close < lines.length && !closing.test(lines[close])) close++;
    fences.push({ open: l, close: Math.min(close, lines.length - 1), info: open[3] });
    l = close;
  }
  return fences;
}

function sections(lines: readonly string[], inFence: Set<number>): FoundUnit[] {
  const headings: { line: number; name: string }[] = [];
  lines.forEach((line, l) => {
    const heading = inFence.has(l) ? null : HEADING.exec(line);
    if (heading) headings.push({ line: l, name: headingText(heading[2] ?? '') });
  });
  return headings.map((h, i) => {
    let last = (i + 1 < headings.length ? headings[i + 1].line : lines.length) - 1;
    while (last > h.line && lines[last].trim() === '') last--;
    return { kind: 'section', name: h.name, firstLine: h.line, lastLine: last };
  });
}

/** The paragraph (and any list after it) just above the code block at `fence`. */
function proseBefore(lines: readonly string[], fence: number, inFence: Set<number>): string | undefined {
  const blocks: string[][] = [];
  let l = fence - 1;
  while (l >= 0) {
    while (l >= 0 && lines[l].trim() === '') l--;
    if (l < 0 || inFence.has(l) || HEADING.test(lines[l])) break;
    const blockEnd = l;
    while (l >= 0 && lines[l].trim() !== '' && !inFence.has(l) && !HEADING.test(lines[l])) l--;
    // One slice, not an unshift per line: a paragraph of a million lines (2 MB) took a minute so.
    const block = lines.slice(l + 1, blockEnd + 1);
    if (block.some((b) => NOT_PROSE.test(b))) break;
    blocks.unshift(block);
    const isList = LIST_ITEM.test(block[0]);
    // A list keeps looking for its introducing paragraph; a paragraph ends the prose.
    if (!isList || blocks.length > 4) break;
  }
  const text = dedent(blocks.map((b) => b.join('\n')).join('\n\n').split('\n')).join('\n').trim();
  return isDescriptive(text) ? text : undefined;
}

/** `Title ##` → "Title": the closing hashes of an ATX heading are not its text. */
function headingText(text: string): string {
  const trimmed = text.trim();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '#') end--;
  return end === 0 || /\s/.test(trimmed[end - 1]) ? trimmed.slice(0, end).trim() : trimmed;
}
