// The playground's classify mode: for a pretrained model, a template and a
// verbalizer (checked as the user types, with the rules the extension checks them
// with again); for a finetuned classifier, nothing to fill in. The result is one bar
// per label, most probable first.
import {
  DEFAULT_TEMPLATE, DEFAULT_VERBALIZER, MAX_TEMPLATE_CHARS, MAX_VERBALIZER_CHARS, PromptFields, promptProblem,
} from '../../src/host/prompt/classify-prompt';
import type { ModelChoice, ToWebview } from '../../src/views/prompt/protocol';
import { el } from '../shared/dom';

/** Kept across model switches and re-renders: a user tunes them for a task, not a model. */
const fields: PromptFields = { template: DEFAULT_TEMPLATE, verbalizer: DEFAULT_VERBALIZER };

const byPrompt = (model: ModelChoice) => model.classifyWith !== 'finetuned head';
const needsMask = (model: ModelChoice) => model.classifyWith === 'masked-LM prompt';

/** Why the model cannot classify with the fields as they are, or undefined. */
export function classifyProblem(model: ModelChoice): string | undefined {
  return byPrompt(model) ? promptProblem(fields, needsMask(model)) : undefined;
}

/** What the classify message carries: the fields, or null for the model's own head. */
export function classifyPrompt(model: ModelChoice): PromptFields | null {
  return byPrompt(model) ? { ...fields } : null;
}

function textField(label: string, key: keyof PromptFields, maxLength: number, hint: string, onInput: () => void): HTMLElement {
  const wrap = el('label', `pl-field ${key}-field`);
  wrap.title = hint;
  wrap.append(el('span', 'pl-field-label', label));
  const input = el('input');
  input.type = 'text';
  input.maxLength = maxLength;
  input.value = fields[key];
  input.spellcheck = false;
  input.addEventListener('input', () => {
    fields[key] = input.value;
    onInput();
  });
  wrap.append(input);
  return wrap;
}

/** The template and verbalizer fields with a line that says what is wrong with them;
 *  `onValidity` runs after each edit, so the caller can enable its button. */
export function classifyControls(model: ModelChoice, onValidity: () => void): HTMLElement[] {
  if (!byPrompt(model)) {
    return [el('p', 'pl-hint', `${model.name} is a finetuned classifier: it labels the text with its own head.`)];
  }
  const problem = el('p', 'pl-warning field-problem');
  const check = () => {
    problem.textContent = classifyProblem(model) ?? '';
    problem.hidden = !problem.textContent;
    onValidity();
  };
  const where = needsMask(model) ? 'the [MASK] is where the model puts the label word' : '[MASK] marks the label word; without it the word comes last';
  const bar = el('div', 'controls classify-fields');
  bar.append(
    textField('Template', 'template', MAX_TEMPLATE_CHARS, `{text} is replaced by your text; ${where}`, check),
    textField('Verbalizer', 'verbalizer', MAX_VERBALIZER_CHARS, 'One word per label: label=word, separated by commas', check),
  );
  check();
  return [bar, problem];
}

const METHOD_HINT: Record<ModelChoice['classifyWith'] & string, string> = {
  'finetuned head': 'the classification head trained by finetuning',
  'masked-LM prompt': 'how likely the masked LM finds each label word at the [MASK]',
  'decoder prompt': 'how likely the decoder finds each label word after the text',
};

/** Label probabilities as bars, the winner first and marked. */
export function showClassified(output: HTMLElement, result: Extract<ToWebview, { type: 'classified' }>): void {
  const table = el('table', 'label-scores');
  table.append(el('caption', undefined, `${result.label} · by ${result.method}`));
  table.title = `Scored by ${METHOD_HINT[result.method]}`;
  for (const { label, probability } of result.scores) {
    const row = el('tr', label === result.label ? 'winner' : undefined);
    const bar = el('div', 'score-bar');
    bar.style.width = `${(probability * 100).toFixed(1)}%`;
    const barCell = el('td', 'label-bar-cell');
    barCell.append(bar);
    row.append(el('td', 'label-cell', label), barCell, el('td', 'score', `${(probability * 100).toFixed(1)}%`));
    table.append(row);
  }
  output.replaceChildren(table);
}
