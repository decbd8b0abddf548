/** ACT2FN's other names for the GELUs our graphs implement are read as those; an activation we lack is refused in one line. */
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../../src/models/config-validate';

describe('config activation names', () => {
  it('reads gelu_fast and gelu_accurate as gelu_new (tanh form) and gelu_python as gelu (erf form)', () => {
    assert.equal((parseConfig({ model_type: 'gpt2', activation_function: 'gelu_fast' }, 'config.json') as { activation_function: string }).activation_function, 'gelu_new');
    assert.equal((parseConfig({ model_type: 'bert', hidden_act: 'gelu_accurate' }, 'config.json') as { hidden_act: string }).hidden_act, 'gelu_new');
    assert.equal((parseConfig({ model_type: 'albert', hidden_act: 'gelu_python' }, 'config.json') as { hidden_act: string }).hidden_act, 'gelu');
    assert.equal((parseConfig({ model_type: 'bert', hidden_act: 'gelu_pytorch_tanh' }, 'config.json') as { hidden_act: string }).hidden_act, 'gelu_pytorch_tanh');
  });

  it('refuses an activation no graph implements, naming the field', () => {
    assert.throws(() => parseConfig({ model_type: 'bert', hidden_act: 'quick_gelu' }, 'config.json'), (e: Error) => e instanceof ConfigError && /hidden_act/.test(e.message) && !/\n/.test(e.message));
  });

  it('accepts a GPT-2 config without pad_token_id and fields ours never write', () => {
    const config = parseConfig({ model_type: 'gpt2', n_ctx: 1024, summary_type: 'cls_index', task_specific_params: { 'text-generation': { do_sample: true } } }, 'config.json');
    assert.equal(config.pad_token_id, null);
  });
});
