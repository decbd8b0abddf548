// The prompt tasks a model can have on its own, as a type with no imports, so that the playground's
// webview protocol (type-checked and bundled for the browser) can share it without pulling in Node code.

export type PromptTask = 'generate' | 'fill-mask';
