/**
 * Pair mining never throws and never hangs, whatever the text: truncated files, stray quotes,
 * brackets and comment markers, unterminated literals, binary-looking noise. Every unit it
 * returns lies within the file, ends after it starts and has code.
 */
import assert from 'node:assert/strict';
import { mineUnits, PAIR_LANGUAGES, type PairLanguage } from '../../../src/data/pairs';
import { Rng } from '../../../src/util/rng';
import { MAX_NESTING } from '../../../src/data/pairs/unit-build';

const SEEDS: Record<PairLanguage, string> = {
  typescript: "/** Doc. */\nexport class A<T> {\n  m(x: T): { a: T } {\n    return { a: x };\n  }\n}\nit('works well', () => {\n  const s = `${'}'}`;\n  const r = /[}]/;\n});\n",
  javascript: "// Adds numbers together.\nconst add = (a, b) => a + b;\nmodule.exports = { add() { return 1; } };\n",
  python: "@dec(\n  1)\ndef f(a):\n    '''Doc string here.'''\n    # comment above code\n    x = \"\"\"\n}{\n\"\"\"\n    return x\nclass C:\n    def test_x(self): pass\n",
  go: "// F does things well.\nfunc (r *R) F[T any](x T) (int, error) {\n\ts := `}`\n\tc := '{'\n\treturn 0, nil\n}\n",
  rust: "//! Module docs here.\n/// Doc for f here.\n#[test]\nfn f<'a>(x: &'a str) -> u8 where 'a: 'a {\n    let c = '}'; let r = r#\"{\"#; /* /* */ */ 0\n}\nimpl<T> X for Y<T> {}\n",
  java: "/** Doc comment here. */\n@Test\npublic <T> List<T> f(T x) throws E {\n  String s = \"\"\"\n  }\n  \"\"\";\n  return new A() { void g() {} };\n}\n",
  c: "/** Doc comment here. */\nstatic int f(int a)\n{\n  char c = '}';\n  /* block { */\n  return a;\n}\ntypedef struct s { int x; } s_t;\n",
  cpp: "/// Doc comment here.\ntemplate <class T>\nclass A : public B<T> {\n  T f() const { auto s = R\"x(})x\"; return T(); }\n};\n",
  markdown: "# Title\n\nSome prose before code:\n\n- a list item\n\n```ts\nconst x = 1;\n```\n\n~~~\nunterminated\n",
};
const NOISE = ['{', '}', '(', ')', '[', ']', '"', "'", '`', '/*', '*/', '//', '#', '"""', "'''", '\n', '\\', '${', 'r#"', '<', '>', '=>', ':', '@', '```', '\t', '\u0000', 'def ', 'fn ', 'class ', 'func ', 'it(\''];

function mutate(rng: Rng, text: string): string {
  let out = text;
  const edits = 1 + rng.int(6);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(out.length + 1);
    const r = rng.next();
    if (r < 0.2) out = out.slice(0, at);
    else if (r < 0.4) out = out.slice(0, at) + out.slice(at + 1 + rng.int(10));
    else out = out.slice(0, at) + NOISE[rng.int(NOISE.length)] + out.slice(at);
  }
  return rng.next() < 0.1 ? out.repeat(1 + rng.int(20)) : out;
}

describe('pair mining: any input', () => {
  it('mines 300 mutated files per language without throwing, every unit within its file', function () {
    this.timeout(120_000);
    const rng = new Rng(14);
    for (const language of PAIR_LANGUAGES) {
      for (let i = 0; i < 300; i++) {
        const text = mutate(rng, SEEDS[language]);
        const lines = text.replace(/\r\n?/g, '\n').split('\n').length;
        let units;
        try {
          units = mineUnits('f', text, language);
        } catch (error) {
          assert.fail(`${language} threw ${String(error)} on ${JSON.stringify(text)}`);
        }
        for (const u of units) {
          assert.ok(u.startLine >= 1 && u.startLine <= u.endLine && u.endLine <= lines, `${language}: unit ${u.name} at ${u.startLine}-${u.endLine} of ${lines} lines in ${JSON.stringify(text)}`);
          assert.ok(u.code.trim() !== '' && (u.doc === undefined || u.doc.trim() !== ''), `${language}: empty code or doc in ${JSON.stringify(text)}`);
        }
      }
    }
  });

  it('does not take quadratic time on a long file of unbalanced brackets and quotes', function () {
    this.timeout(120_000);
    const lines = ['f(x) {', 'const g = (a) => (', 'def h(a,', '#[a(', '@d(', 'template <', 'R"(', 'class K {', '```'];
    const hostile = '(' + Array.from({ length: 20_000 }, (_, i) => lines[i % lines.length]).join('\n') + '"\'`/*\n'.repeat(5_000);
    for (const language of PAIR_LANGUAGES) {
      const started = performance.now();
      mineUnits('f', hostile, language);
      // Generous: linear work here is well under a second; quadratic would be minutes.
      assert.ok(performance.now() - started < 30_000, `${language} took ${Math.round(performance.now() - started)} ms`);
    }
  });

  it('keeps a file of thousands of nested definitions small: units nested deeper than MAX_NESTING are dropped', function () {
    this.timeout(120_000);
    // Each unit holds its body, so all 3000 would hold ~4.5 GB of text between them.
    const staircase = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}def f${i}():`).join('\n');
    const units = mineUnits('deep.py', staircase, 'python');
    assert.equal(units.length, MAX_NESTING);
    const braces = `function f() ${'{ function g() '.repeat(3000)}${'}'.repeat(3001)}`;
    assert.ok(mineUnits('deep.ts', braces, 'typescript').length <= MAX_NESTING + 1);
  });
});
