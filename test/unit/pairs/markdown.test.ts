/** Pair mining of Markdown: sections by heading, prose → the fenced code block after it, lists before code. */
import assert from 'node:assert/strict';
import { pairsOf, unitsOf } from './mined';

const SOURCE = `# Pretrain Lab

Train small models on your own code.

## Install

Install it from a clone:

- clone the repository
- run the installer once

\`\`\`sh
npm install
npm run build
\`\`\`

Then check the command works:
\`\`\`bash
pretrain-lab --help
\`\`\`

## Usage

\`\`\`js
// a code block right after a heading has no prose of its own
run();
\`\`\`

| flag | meaning |
|------|---------|

~~~python
print("a table is not prose")
~~~

1. Numbered steps also introduce code

   \`\`\`ts
   const model = await load();
   \`\`\`
`;

describe('pair mining: Markdown', () => {
  const units = unitsOf('README.md', SOURCE, 'markdown');

  it('makes a section per heading, to the next heading', () => {
    assert.deepEqual(units.filter((u) => u.kind === 'section').map((u) => [u.name, u.lines]), [
      ['Pretrain Lab', [1, 3]],
      ['Install', [5, 20]],
      ['Usage', [22, 40]],
    ]);
  });

  it('pairs a paragraph and the list after it with the code block that follows', () => {
    const blocks = units.filter((u) => u.kind === 'block');
    assert.deepEqual(blocks[0], {
      kind: 'block', name: 'sh', lines: [13, 14],
      doc: 'Install it from a clone:\n\n- clone the repository\n- run the installer once', docKind: 'markdown',
    });
    assert.deepEqual(blocks[1], { kind: 'block', name: 'bash', lines: [19, 19], doc: 'Then check the command works:', docKind: 'markdown' });
  });

  it('gives a code block after a heading or a table no prose; a list item with an indented fence keeps its text', () => {
    const blocks = units.filter((u) => u.kind === 'block');
    assert.equal(blocks[2].doc, undefined);
    assert.equal(blocks[3].doc, undefined);
    assert.deepEqual([blocks[4].name, blocks[4].doc], ['ts', '1. Numbered steps also introduce code']);
  });

  it('makes markdown pairs of the code without its fences', () => {
    const pairs = pairsOf('README.md', SOURCE, 'markdown');
    assert.deepEqual(pairs.map((p) => [p.kind, p.code]), [
      ['markdown', 'npm install\nnpm run build'],
      ['markdown', 'pretrain-lab --help'],
      ['markdown', 'const model = await load();'],
    ]);
  });
});
