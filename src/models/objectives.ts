// The pretraining objectives by the names the CLI gives them (`--objective`), apart from the
// model families, so that contracts naming an objective (the comparison's, which the webview
// reads) import no graph, tokenizer or model code.
export const OBJECTIVES = ['clm', 'mlm', 'span', 'rtd', 'span-sbo', 'mlm+sop', 'tlm', 'tlm+match', 'contrastive'] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];
