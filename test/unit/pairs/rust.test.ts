/** Pair mining of Rust: `///` and `//!`, attributes between doc and item, lifetimes, raw strings, #[test]. */
import assert from 'node:assert/strict';
import { unitNamed, unitsOf } from './mined';

const SOURCE = `//! Tools for lexing
//! simple expressions.

use std::fmt;

/// A token and the text it spans.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    text: &'a str,
}

/// Lengths in meters.
pub struct Meters(pub f64);

impl<'a> fmt::Display for Token<'a> {
    /// Writes the token's text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let brace = '{';
        write!(f, "{}{}", brace, self.text)
    }
}

// Splits the input on whitespace.
pub(crate) fn lex<'a>(s: &'a str) -> Vec<Token<'a>>
where
    'a: 'static,
{
    let raw = r#"}"#;
    /* a nested /* block */ comment } */
    s.split_whitespace().map(|text| Token { text }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_empty_input() {
        assert!(lex("").is_empty());
    }
}
`;

describe('pair mining: Rust', () => {
  const units = unitsOf('src/lib.rs', SOURCE, 'rust');

  it('attaches `///` across attributes, to structs with lifetimes and to tuple structs', () => {
    assert.deepEqual(unitNamed(units, 'Token'), { kind: 'class', name: 'Token', lines: [7, 10], doc: 'A token and the text it spans.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(units, 'Meters'), { kind: 'class', name: 'Meters', lines: [13, 13], doc: 'Lengths in meters.', docKind: 'doc-comment' });
  });

  it('finds impl blocks and their methods; char literals and lifetimes do not confuse the braces', () => {
    assert.deepEqual(unitNamed(units, "fmt::Display for Token<'a>").lines, [15, 21]);
    assert.deepEqual(unitNamed(units, 'fmt'), { kind: 'method', name: 'fmt', lines: [17, 20], doc: "Writes the token's text.", docKind: 'doc-comment' });
  });

  it('ends a function with a where clause after raw strings and nested block comments', () => {
    assert.deepEqual(unitNamed(units, 'lex'), { kind: 'function', name: 'lex', lines: [24, 31], doc: 'Splits the input on whitespace.', docKind: 'line-comment' });
  });

  it('takes #[test] functions as tests', () => {
    assert.deepEqual(unitNamed(units, 'lexes_empty_input'), { kind: 'test', name: 'lexes_empty_input', lines: [37, 40], doc: 'lexes empty input', docKind: 'test' });
  });

  it('pairs the `//!` module doc with the module\'s code', () => {
    const module = units.find((u) => u.kind === 'block' && u.docKind === 'doc-comment');
    assert.deepEqual(module, { kind: 'block', name: '', lines: [4, 41], doc: 'Tools for lexing\nsimple expressions.', docKind: 'doc-comment' });
  });
});
