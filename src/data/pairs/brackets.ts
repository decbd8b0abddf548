/**
 * Where each bracket of a blanked code string closes, found in one pass when first asked: a file
 * with thousands of declarations, or with a bracket that never closes, is still read in linear
 * time. Brackets of any kind pair with the nearest open one, as counting depth would.
 */
export const OPEN = '([{';
export const CLOSE = ')]}';

export class Brackets {
  private closes: Int32Array | undefined;

  constructor(private readonly code: string) {}

  /** Index of the bracket closing the one at `open`, or -1 when it is never closed. */
  closeOf(open: number): number {
    this.closes ??= pairUp(this.code);
    return open >= 0 && open < this.closes.length ? this.closes[open] : -1;
  }
}

function pairUp(code: string): Int32Array {
  const closes = new Int32Array(code.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (OPEN.includes(c)) open.push(i);
    else if (CLOSE.includes(c) && open.length > 0) closes[open.pop()!] = i;
  }
  return closes;
}
