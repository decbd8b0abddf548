/** The pair-mining lexer: comments and literal contents blanked, offsets and lines kept. */
import assert from 'node:assert/strict';
import { lex } from '../../../src/data/pairs/lexer';
import { C_LIKE_LANGUAGES } from '../../../src/data/pairs/c-like-languages';

const braces = (code: string) => code.replace(/[^{}]/g, '');

describe('pair mining: lexer', () => {
  it('keeps the text length and line breaks', () => {
    const text = 'a /* x\ny */ "s\\"t" // z\nb';
    const { code } = lex(text, C_LIKE_LANGUAGES.c.syntax);
    assert.equal(code.length, text.length);
    assert.deepEqual(code.split('\n').length, 3);
    assert.equal(code, 'a     \n     "    "     \nb');
  });

  it('TypeScript: braces in strings, templates (nested ones too), regular expressions and comments do not count', () => {
    const text = 'f() { const a = "}"; const b = `${ { x: `}` }.x } }`; const r = /[{]/; const d = a / 2 / 3; /* { */ }';
    assert.equal(braces(lex(text, C_LIKE_LANGUAGES.typescript.syntax).code), '{}');
  });

  it('Rust: char literals are strings, lifetimes are not; raw strings and nested block comments are blanked', () => {
    const text = "fn f<'a>(x: &'a str) { let c = '{'; let r = r#\"}\"#; /* a /* nested */ } */ }";
    const { code } = lex(text, C_LIKE_LANGUAGES.rust.syntax);
    assert.equal(braces(code), '{}');
    assert.ok(code.includes("<'a>"), code);
  });

  it('Go raw strings, Java text blocks and C++ raw strings are blanked', () => {
    assert.equal(braces(lex('func f() { s := `}` }', C_LIKE_LANGUAGES.go.syntax).code), '{}');
    assert.equal(braces(lex('void f() { String s = """\n  }\n  """; }', C_LIKE_LANGUAGES.java.syntax).code), '{}');
    assert.equal(braces(lex('void f() { auto s = R"x(})x"; }', C_LIKE_LANGUAGES.cpp.syntax).code), '{}');
  });

  it('records comments and strings as spans, in text order', () => {
    const text = '// a\nx = "b" /* c */';
    const lexed = lex(text, C_LIKE_LANGUAGES.c.syntax);
    assert.deepEqual(lexed.comments.map((c) => text.slice(c.start, c.end)), ['// a', '/* c */']);
    assert.deepEqual(lexed.strings.map((s) => text.slice(s.start, s.end)), ['"b"']);
  });
});
