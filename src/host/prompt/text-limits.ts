// How much text a command or a panel hands a model at once: the webview protocols validate
// against these, and the commands cut typed or selected text to them.

/** Longest prompt the playground, Fill Mask and Classify run. */
export const MAX_PROMPT_CHARS = 20_000;
/** Longest text the attention explorer runs; far beyond any context a local model has. */
export const MAX_TEXT_CHARS = 20_000;
