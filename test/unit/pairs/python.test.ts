/** Pair mining of Python: docstrings in ''' and """, decorators, nested defs, `#` blocks, tests. */
import assert from 'node:assert/strict';
import { pairsOf, unitNamed, unitsOf } from './mined';

const SOURCE = `"""Tools for reading config files."""
import functools


# Caches the parsed result per path.
@functools.lru_cache(
    maxsize=None,
)
def load(path: str) -> dict[str, str]:
    '''Load a config file and return its keys.

    Lines starting with # are skipped.
    '''
    def strip(line):
        """Remove the comment and the whitespace around a line."""
        return line.split("#")[0].strip()

    text = open(path).read()
    return {k: v for k, v in (strip(l).split("=") for l in text.splitlines() if l)}


# A section title that a blank line separates from the code.

class Config(dict):
    r"""A mapping of config keys, with defaults.

 Dedented text inside a docstring does not end the class.
    """

    def get_int(self, key, default=0):
        # Missing keys fall back to the default.
        value = self.get(key)
        if value is None:
            return default

        return int(value)

    @property
    def keys_sorted(self): return sorted(self)


def test_load_skips_comments(tmp_path):
    (tmp_path / "a.cfg").write_text("a=1  # one\\n")
    assert load(str(tmp_path / "a.cfg")) == {"a": "1"}


class TestConfig:
    def test_get_int_default(self):
        """get_int gives the default for a missing key."""
        assert Config().get_int("x", 3) == 3
`;

describe('pair mining: Python', () => {
  const units = unitsOf('tools/config.py', SOURCE, 'python');

  it("takes a ''' docstring with its def, decorators (over several lines) included, cleaned like inspect.cleandoc", () => {
    assert.deepEqual(unitNamed(units, 'load'), {
      kind: 'function', name: 'load', lines: [6, 19], doc: 'Load a config file and return its keys.\n\nLines starting with # are skipped.', docKind: 'docstring',
    });
  });

  it('finds a nested def with its own docstring', () => {
    assert.deepEqual(unitNamed(units, 'strip'), { kind: 'function', name: 'strip', lines: [14, 16], doc: 'Remove the comment and the whitespace around a line.', docKind: 'docstring' });
  });

  it('reads a raw docstring and is not ended by a docstring line at column 0; a comment separated by a blank line is not attached', () => {
    const config = unitNamed(units, 'Config');
    assert.deepEqual(config, { kind: 'class', name: 'Config', lines: [24, 39], doc: 'A mapping of config keys, with defaults.\n\nDedented text inside a docstring does not end the class.', docKind: 'docstring' });
  });

  it('finds methods, one-liners and `#` blocks above statements inside them', () => {
    assert.deepEqual(unitNamed(units, 'get_int'), { kind: 'method', name: 'get_int', lines: [30, 36] });
    assert.deepEqual(unitNamed(units, 'keys_sorted').lines, [38, 39]);
    const block = units.find((u) => u.kind === 'block');
    assert.deepEqual(block, { kind: 'block', name: '', lines: [32, 34], doc: 'Missing keys fall back to the default.', docKind: 'line-comment' });
  });

  it('pairs tests with their docstring, or else with their name in words', () => {
    assert.deepEqual(unitNamed(units, 'test_load_skips_comments'), { kind: 'test', name: 'test_load_skips_comments', lines: [42, 44], doc: 'load skips comments', docKind: 'test' });
    assert.deepEqual(unitNamed(units, 'test_get_int_default'), { kind: 'test', name: 'test_get_int_default', lines: [48, 50], doc: 'get_int gives the default for a missing key.', docKind: 'docstring' });
  });

  it('attaches a `#` block directly above a decorated def that has no docstring, to the decorators\' first line', () => {
    const text = 'import click\n\n# Prints the greeting\n# once per name.\n@click.command()\n@click.argument("names", nargs=-1)\ndef greet(names):\n    for name in names:\n        print(f"hello {name}")\n';
    assert.deepEqual(unitNamed(unitsOf('cli.py', text, 'python'), 'greet'), { kind: 'function', name: 'greet', lines: [5, 9], doc: 'Prints the greeting\nonce per name.', docKind: 'line-comment' });
  });

  it('leaves the docstring out of the pair\'s code, so the text is not in the code twice', () => {
    const pair = pairsOf('tools/config.py', SOURCE, 'python').find((p) => p.code.includes('def load'));
    assert.ok(pair);
    assert.equal(pair.code.includes('Load a config file'), false);
    assert.ok(pair.code.startsWith('@functools.lru_cache(') && pair.code.includes('    def strip(line):'));
  });
});
