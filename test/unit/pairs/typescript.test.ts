/** Pair mining of TypeScript/JavaScript: JSDoc, `//` blocks, arrow functions, class members, tests. */
import assert from 'node:assert/strict';
import { pairsOf, unitNamed, unitsOf } from './mined';

const SOURCE = `import { readFileSync } from 'node:fs';

/**
 * Parses a key=value config file.
 * @param text the file's contents
 */
export function parseConfig(text: string): Record<string, string> {
  const open = '{';
  const template = \`\${open} } \${ { nested: '}' }.nested }\`;
  const pattern = /[{}]/g;
  return Object.fromEntries(text.split('\\n').map((l) => l.split('=')));
}

// Doubles a number, for the examples below.
export const double = (n: number): number => n * 2;

// A header comment that a blank line separates from the code.

export const triple = async (n: number) => {
  return n * 3;
};

/** A stack of items, last in first out. */
export class Stack<T extends { id: string }> {
  private items: T[] = [];

  /** Pushes an item on top of the stack. */
  push(item: T): void {
    if (item.id === '}') {
      throw new Error('a brace in a string does not end the method');
    }
    this.items.push(item);
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  @logged()
  async pop<U>(fallback: U): Promise<{ item: T | U }> {
    return { item: this.items.pop() ?? fallback };
  }

  /** Handles a click on the stack's view. */
  private onClick = (event: { x: number }) => {
    console.log(event.x);
  };
}

describe('Stack', () => {
  it('pops what was pushed last', () => {
    const stack = new Stack<{ id: string }>();
    stack.push({ id: 'a' });
    assert.equal(stack.pop(undefined).item.id, 'a');
  });

  test("throws on a brace id", () => {
    assert.throws(() => new Stack().push({ id: '}' }));
  });
});
`;

describe('pair mining: TypeScript/JavaScript', () => {
  const units = unitsOf('src/config.ts', SOURCE, 'typescript');

  it('attaches JSDoc to the function after it, cleaned of its markers, and ends the body at its own brace despite braces in strings, templates and regexes', () => {
    assert.deepEqual(unitNamed(units, 'parseConfig'), {
      kind: 'function', name: 'parseConfig', lines: [7, 12], doc: 'Parses a key=value config file.\n@param text the file\'s contents', docKind: 'doc-comment',
    });
  });

  it('pairs a `//` block directly above an arrow-function const', () => {
    assert.deepEqual(unitNamed(units, 'double'), { kind: 'function', name: 'double', lines: [15, 15], doc: 'Doubles a number, for the examples below.', docKind: 'line-comment' });
  });

  it('does not attach a comment that a blank line separates from the code', () => {
    const triple = unitNamed(units, 'triple');
    assert.deepEqual(triple.lines, [19, 21]);
    assert.equal(triple.doc, undefined);
  });

  it('finds classes with generic bounds and their methods, with decorators as part of the method and directives not taken for docs', () => {
    assert.deepEqual(unitNamed(units, 'Stack').lines, [24, 45]);
    assert.deepEqual(unitNamed(units, 'push'), { kind: 'method', name: 'push', lines: [28, 33], doc: 'Pushes an item on top of the stack.', docKind: 'doc-comment' });
    const pop = unitNamed(units, 'pop');
    assert.deepEqual([pop.kind, pop.lines, pop.doc], ['method', [36, 39], undefined]);
    assert.deepEqual(unitNamed(units, 'onClick'), { kind: 'method', name: 'onClick', lines: [42, 44], doc: "Handles a click on the stack's view.", docKind: 'doc-comment' });
  });

  it('pairs test titles with their bodies, and leaves out a one-word title', () => {
    assert.deepEqual(unitNamed(units, 'pops what was pushed last'), { kind: 'test', name: 'pops what was pushed last', lines: [48, 52], doc: 'pops what was pushed last', docKind: 'test' });
    assert.deepEqual(unitNamed(units, 'throws on a brace id').lines, [54, 56]);
    const describe = unitNamed(units, 'Stack', 'test');
    assert.deepEqual([describe.lines, describe.doc], [[47, 57], undefined]);
  });

  it('makes one pair per described unit, its code without the comment', () => {
    const pairs = pairsOf('src/config.ts', SOURCE, 'typescript');
    const parse = pairs.find((p) => p.code.includes('function parseConfig'));
    assert.ok(parse);
    assert.equal(parse.kind, 'doc-comment');
    assert.ok(parse.code.startsWith('export function parseConfig') && parse.code.endsWith('}'));
    assert.deepEqual(pairs.map((p) => p.kind).sort(), ['doc-comment', 'doc-comment', 'doc-comment', 'doc-comment', 'line-comment', 'test', 'test']);
  });

  it('reads JavaScript the same way (object methods, function expressions, CommonJS)', () => {
    const js = `'use strict';\n\n/** Adds two numbers. */\nconst add = function (a, b) {\n  return a + b;\n};\n\nmodule.exports = {\n  /** Subtracts b from a. */\n  subtract(a, b) {\n    return a - b;\n  },\n};\n`;
    const jsUnits = unitsOf('lib/math.js', js, 'javascript');
    assert.deepEqual(unitNamed(jsUnits, 'add'), { kind: 'function', name: 'add', lines: [4, 6], doc: 'Adds two numbers.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(jsUnits, 'subtract'), { kind: 'function', name: 'subtract', lines: [10, 12], doc: 'Subtracts b from a.', docKind: 'doc-comment' });
  });
});
