// The playground's template + verbalizer fields: their defaults and the check both
// sides run on them — the webview as the user types, the extension again on every
// message. vscode-free and Node-free, so the webview bundle can include it; the
// rules themselves are infer/prompt-template's, the ones the classify job applies.
import { MASK_SLOT, parseTemplate, parseVerbalizer } from '../../infer/prompt-template';

export const DEFAULT_TEMPLATE = `{text} All in all, it was ${MASK_SLOT}.`;
export const DEFAULT_VERBALIZER = 'positive=great,negative=terrible';

export const MAX_TEMPLATE_CHARS = 1000;
export const MAX_VERBALIZER_CHARS = 2000;

export interface PromptFields {
  template: string;
  verbalizer: string;
}

/** The parser's messages name CLI flags; the playground names its fields. */
function asFieldMessage(e: unknown): string {
  return (e as Error).message.replace(/^--(template|verbalizer)/, 'The $1');
}

/**
 * Why the fields cannot classify, or undefined when they can. A masked LM answers at
 * the [MASK], so its template must have one; a decoder without it answers after the text.
 */
export function promptProblem(fields: PromptFields, needsMask: boolean): string | undefined {
  try {
    parseTemplate(fields.template);
    parseVerbalizer(fields.verbalizer);
  } catch (e) {
    return asFieldMessage(e);
  }
  if (needsMask && !parseTemplate(fields.template).source.includes(MASK_SLOT)) return `The template needs ${MASK_SLOT} where the label word goes: a masked language model answers there`;
  return undefined;
}
