/**
 * Each token's place in the source layout, from the tokens alone: LayoutLM's boxes for code.
 * The tokens' own spellings are walked in order (byte-level BPE symbols decode to the exact bytes
 * of the text, newlines and tabs included), so training (from a window's token ids) and every
 * inference command (from the ids it feeds) get the same boxes from the same function.
 *
 * Layout: the first text token of a window is at line 0, column 0. A token covers the cells of
 * its characters — a newline sits at the end of its line, `\r\n` is one line break in one cell, a
 * lone `\r` is a line break too, a tab runs to the next multiple of TAB_WIDTH columns, any other
 * code point is one column — and its box is the bounding box of those cells: (first column,
 * first line, last column + 1, last line + 1).
 *
 * Scale: a fixed grid, CELL_UNITS units per column and per line, clamped to 0…1000 — a "page"
 * of 200 columns × 200 lines, LayoutLM's 0–1000 range. Fixed rather than relative to each
 * window's extent, so that a column (an indentation depth) has the same value in every window
 * and at inference whatever the text's length; text beyond column or line 200 stays at 1000.
 *
 * Special tokens take LayoutLM's conventions: the start token ([CLS] / <s>) and padding get
 * (0, 0, 0, 0), the separator ([SEP] / </s>) (1000, 1000, 1000, 1000). A separator inside a
 * window (between two packed documents) also ends the current line. Other special tokens (a
 * [MASK] typed in a query) take the place of their spelling as written.
 * Legend: T tokens.
 */
import { byteOf } from '../tokenizer/byte-level';

/** LayoutLM's page scale: coordinates lie in 0 … BOX_SCALE. */
export const BOX_SCALE = 1000;
/** Units of the 0–1000 scale per column and per line. */
export const CELL_UNITS = 5;
/** Columns a tab advances to (the next multiple of), as editors show it by default. */
export const TAB_WIDTH = 4;

const START_TOKENS = new Set(['[CLS]', '<s>']);
const SEPARATOR_TOKENS = new Set(['[SEP]', '</s>']);
const PADDING_TOKENS = new Set(['[PAD]', '<pad>']);

/** Where one text token lies, in cells of its window (0-based; right and bottom exclusive). */
export interface TokenPlace {
  /** Line and column of its first character. */
  line: number;
  column: number;
  /** Bounding cells of all its characters. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A cursor over the text as the tokens spell it. */
class LayoutWalker {
  line = 0;
  column = 0;
  /** A `\r` whose cell is known but not yet whether a `\n` follows it. */
  private pendingReturn = false;
  /** Bytes still expected of the current UTF-8 character. */
  private continuation = 0;
  /** The cell of the current character (for its continuation bytes). */
  private cell = { line: 0, column: 0, width: 1 };

  /** Places one token's bytes; returns the bounding cells it covers. */
  place(bytes: readonly number[]): TokenPlace {
    let place: TokenPlace | undefined;
    const cover = (line: number, column: number, width: number) => {
      if (!place) place = { line, column, left: column, top: line, right: column + width, bottom: line + 1 };
      place.left = Math.min(place.left, column);
      place.right = Math.max(place.right, column + width);
      place.top = Math.min(place.top, line);
      place.bottom = Math.max(place.bottom, line + 1);
    };
    for (const byte of bytes) {
      if (this.continuation > 0 && (byte & 0xc0) === 0x80) {
        this.continuation--;
        cover(this.cell.line, this.cell.column, this.cell.width);
        continue;
      }
      this.continuation = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc0 ? 1 : 0;
      if (this.pendingReturn) {
        this.pendingReturn = false;
        if (byte === 0x0a) {
          // `\r\n`: the `\n` shares the `\r`'s cell, and the pair breaks the line once.
          cover(this.cell.line, this.cell.column, 1);
          this.newLine();
          continue;
        }
        this.newLine(); // a lone `\r` broke the line
      }
      const width = byte === 0x09 ? TAB_WIDTH - (this.column % TAB_WIDTH) : 1;
      this.cell = { line: this.line, column: this.column, width };
      cover(this.line, this.column, width);
      if (byte === 0x0d) this.pendingReturn = true;
      else if (byte === 0x0a) this.newLine();
      else this.column += width;
    }
    // A token with no bytes sits where the cursor is.
    return place ?? { line: this.line, column: this.column, left: this.column, top: this.line, right: this.column + 1, bottom: this.line + 1 };
  }

  /** A separator between documents: what follows starts a line of its own. */
  endLine(): void {
    if (this.pendingReturn || this.column > 0) this.newLine();
    this.pendingReturn = false;
    this.continuation = 0;
  }

  private newLine(): void {
    this.line++;
    this.column = 0;
  }
}

/** The bytes a vocabulary spelling stands for: byte-level symbols as their bytes, anything else as its UTF-8. */
function bytesOf(token: string): number[] {
  const bytes: number[] = [];
  for (const ch of token) {
    const byte = byteOf(ch);
    if (byte !== undefined) bytes.push(byte);
    else for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
  }
  return bytes;
}

/** Each token's place (undefined for the start, separator and padding tokens), walking the tokens in order. */
export function tokenPlaces(tokens: readonly string[]): (TokenPlace | undefined)[] {
  const walker = new LayoutWalker();
  return tokens.map((token) => {
    if (START_TOKENS.has(token) || PADDING_TOKENS.has(token)) return undefined;
    if (SEPARATOR_TOKENS.has(token)) {
      walker.endLine();
      return undefined;
    }
    return walker.place(bytesOf(token));
  });
}

const scaled = (cells: number) => Math.min(BOX_SCALE, cells * CELL_UNITS);

/** The boxes of `tokens` as T × 4 numbers (x0, y0, x1, y1), each in 0 … BOX_SCALE. */
export function tokenBoxes(tokens: readonly string[]): Int32Array {
  const out = new Int32Array(tokens.length * 4);
  tokenPlaces(tokens).forEach((place, t) => {
    if (place) out.set([scaled(place.left), scaled(place.top), scaled(place.right), scaled(place.bottom)], 4 * t);
    else if (SEPARATOR_TOKENS.has(tokens[t])) out.fill(BOX_SCALE, 4 * t, 4 * t + 4);
  });
  return out;
}
