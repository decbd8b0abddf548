// `attention --help` names every family of the registry with the attentions its report shows, so
// that a new family cannot be left out of it (it once listed only gpt2, bert and t5).
import assert from 'node:assert/strict';
import { attentionCommand } from '../../../src/cli/commands/attention';
import { formatCommandHelp } from '../../../src/cli/help';
import { FAMILIES } from '../../../src/models/registry';

describe('cli: attention --help', () => {
  const description = attentionCommand.spec.positionals[0].description;

  it('lists each family once, with the attention kinds of its registry entry', () => {
    const inner = /\((.*) attention\)$/.exec(description)?.[1];
    assert.ok(inner, `unexpected description: ${description}`);
    const kindsByType = new Map<string, string[]>();
    for (const group of inner.split('; ')) {
      const [types, kinds] = group.split(': ');
      for (const type of types.split(', ')) {
        assert.ok(!kindsByType.has(type), `${type} is listed twice in: ${description}`);
        kindsByType.set(type, kinds.split(/, | and /));
      }
    }
    assert.deepEqual([...kindsByType.keys()].sort(), FAMILIES.map((f) => f.modelType).sort());
    for (const family of FAMILIES) assert.deepEqual(kindsByType.get(family.modelType), [...family.attention], family.modelType);
  });

  it('shows that description in the help text', () => {
    const help = formatCommandHelp('pretrain-lab', attentionCommand.spec).replace(/\s+/g, ' ');
    for (const family of FAMILIES) assert.ok(help.includes(family.modelType), `${family.modelType} missing from: ${help}`);
  });
});
