/**
 * The rule for which comment describes which code, the same in every language: the comment-only
 * lines directly above it; a blank line between detaches; directives, commented-out code,
 * TODOs, licence headers and one-word comments describe nothing.
 */
import assert from 'node:assert/strict';
import { unitNamed, unitsOf } from './mined';

describe('pair mining: which comment is attached', () => {
  it('attaches a comment on the line just above, and not one a blank line separates (both sides, each language)', () => {
    const cases: [string, 'typescript' | 'python' | 'go' | 'rust' | 'java' | 'c', string, string][] = [
      ['a.ts', 'typescript', '// Adds two numbers together.\nfunction add(a, b) {\n  return a + b;\n}\n', '// Adds two numbers together.\n\nfunction add(a, b) {\n  return a + b;\n}\n'],
      ['a.py', 'python', '# Adds two numbers together.\ndef add(a, b):\n    return a + b\n', '# Adds two numbers together.\n\ndef add(a, b):\n    return a + b\n'],
      ['a.go', 'go', '// Adds two numbers together.\nfunc add(a, b int) int {\n\treturn a + b\n}\n', '// Adds two numbers together.\n\nfunc add(a, b int) int {\n\treturn a + b\n}\n'],
      ['a.rs', 'rust', '/// Adds two numbers together.\nfn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n', '/// Adds two numbers together.\n\nfn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n'],
      ['A.java', 'java', 'class A {\n    /** Adds two numbers together. */\n    int add(int a, int b) {\n        return a + b;\n    }\n}\n', 'class A {\n    /** Adds two numbers together. */\n\n    int add(int a, int b) {\n        return a + b;\n    }\n}\n'],
      ['a.c', 'c', '/* Adds two numbers together. */\nint add(int a, int b) {\n    return a + b;\n}\n', '/* Adds two numbers together. */\n\nint add(int a, int b) {\n    return a + b;\n}\n'],
    ];
    for (const [file, language, attached, detached] of cases) {
      assert.equal(unitNamed(unitsOf(file, attached, language), 'add').doc, 'Adds two numbers together.', `${language}: attached`);
      assert.equal(unitNamed(unitsOf(file, detached, language), 'add').doc, undefined, `${language}: detached by a blank line`);
    }
  });

  it('keeps the doc comment and drops the directive when both are above', () => {
    const text = '/** Reads the whole file. */\n// eslint-disable-next-line no-sync\nexport function read(path: string) {\n  return readFileSync(path);\n}\n';
    assert.deepEqual(unitNamed(unitsOf('a.ts', text, 'typescript'), 'read').doc, 'Reads the whole file.');
  });

  it('takes nothing from directives, commented-out code, TODOs, licence headers or a single word', () => {
    const nothing = [
      '// eslint-disable-next-line @typescript-eslint/no-explicit-any\nfunction a() {\n  return 1;\n}\n',
      '// const old = compute();\n// return old + 1;\nfunction a() {\n  return 1;\n}\n',
      '// TODO make this faster somehow\nfunction a() {\n  return 1;\n}\n',
      '// Copyright 2024 Someone. Licensed under the MIT License.\nfunction a() {\n  return 1;\n}\n',
      '// helper\nfunction a() {\n  return 1;\n}\n',
    ];
    for (const text of nothing) assert.equal(unitNamed(unitsOf('a.ts', text, 'typescript'), 'a').doc, undefined, text);
    assert.equal(unitNamed(unitsOf('a.py', '# type: ignore\ndef a():\n    return 1\n', 'python'), 'a').doc, undefined);
  });

  it('does not take a comment that ends a line of code, or one inside a string, as a comment block', () => {
    const text = 'const x = 1; // the answer to everything here\nfunction a() {\n  return "/* not a comment */";\n}\n';
    assert.equal(unitNamed(unitsOf('a.ts', text, 'typescript'), 'a').doc, undefined);
    const py = 'x = """\n# not a comment, inside a string\n"""\ndef a():\n    return 1\n';
    assert.equal(unitNamed(unitsOf('a.py', py, 'python'), 'a').doc, undefined);
  });

  it('joins a multi-line `//` block and a starless block comment without their markers or indentation', () => {
    const text = 'class A {\n  // Computes the value once,\n  // then caches it.\n  get value() {\n    return 1;\n  }\n}\n';
    assert.equal(unitNamed(unitsOf('a.ts', text, 'typescript'), 'value').doc, 'Computes the value once,\nthen caches it.');
    const c = 'int f(void) {\n    /* Reads the first\n       byte only. */\n    int b = getc(stdin);\n    return b;\n}\n';
    assert.equal(unitsOf('a.c', c, 'c').find((u) => u.kind === 'block')?.doc, 'Reads the first\nbyte only.');
  });
});
