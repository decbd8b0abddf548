/**
 * Pair mining of files within the corpus size cap that hold hundreds of thousands of lines in one
 * docstring or one paragraph: mined, without overflowing the stack (a spread of one argument per
 * line) and in linear time (not an array shift per line).
 */
import assert from 'node:assert/strict';
import { mineUnits } from '../../src/data/pairs';
import { DEFAULT_SCAN_OPTIONS } from '../../src/data/corpus-types';

describe('reliability: pair mining of files of very many lines', () => {
  it('pairs a Python function whose docstring has 300k lines', () => {
    const text = 'def f():\n    """Doc words here\n' + 'a\n'.repeat(300_000) + '    """\n    return 1\n';
    assert.ok(text.length < DEFAULT_SCAN_OPTIONS.maxFileBytes, 'the file is one pretrain and pairs read');
    const units = mineUnits('long.py', text, 'python');
    assert.equal(units.length, 1);
    assert.ok(units[0].doc?.startsWith('Doc words here\na\na'));
  });

  it('pairs a Markdown code block after a paragraph of a million lines without hanging', () => {
    const text = 'Install it:\n' + 'a\n'.repeat(999_999) + '```\nx\ny\n```\n';
    assert.ok(text.length < DEFAULT_SCAN_OPTIONS.maxFileBytes, 'the file is one pretrain and pairs read');
    const started = performance.now();
    const units = mineUnits('long.md', text, 'markdown');
    const seconds = (performance.now() - started) / 1000;
    assert.equal(units.length, 1);
    assert.equal(units[0].doc?.split('\n').length, 1_000_000);
    assert.ok(seconds < 10, `took ${seconds.toFixed(1)} s (linear mining takes about 1 s)`);
  });
});
