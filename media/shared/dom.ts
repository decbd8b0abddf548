// DOM helpers shared by the webviews. Text goes in through textContent only:
// tokens, model names and generated text come from files and models, not from us.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A labelled <select> whose options are [value, label] pairs. */
export function select(label: string, options: [string, string][], value: string, onChange: (value: string) => void): HTMLLabelElement {
  const wrap = el('label', 'pl-field');
  wrap.append(el('span', 'pl-field-label', label));
  const input = el('select');
  for (const [v, text] of options) input.append(new Option(text, v, false, v === value));
  input.addEventListener('change', () => onChange(input.value));
  wrap.append(input);
  return wrap;
}

/** Segmented buttons: one pressed at a time; disabled ones say why in their title. */
export function segmented<T extends string>(
  label: string,
  options: { value: T; text: string; disabled?: string }[],
  value: T,
  onChange: (value: T) => void,
): HTMLElement {
  const group = el('div', 'pl-segmented');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', label);
  for (const option of options) {
    const button = el('button', option.value === value ? 'pressed' : 'secondary', option.text);
    button.setAttribute('aria-pressed', String(option.value === value));
    if (option.disabled) {
      button.disabled = true;
      button.title = option.disabled;
    }
    button.addEventListener('click', () => onChange(option.value));
    group.append(button);
  }
  return group;
}

/** A CSS custom property of the current theme, or `fallback` when the theme has none. */
export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}
