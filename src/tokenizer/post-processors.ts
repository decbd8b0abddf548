import { StageJson } from './stage-json';

/**
 * The `post_processor` stage of an HF tokenizer: what `add_special_tokens` wraps around the
 * ids of one text (BERT: [CLS] … [SEP]; T5: … </s>; GPT-2: nothing).
 */
export interface PostProcessor {
  addSpecialTokens(ids: number[]): number[];
  toJSON(): object | null;
}

export function noPostProcessor(): PostProcessor {
  return { addSpecialTokens: (ids) => ids, toJSON: () => null };
}

/** GPT-2's: offsets trimming only, so ids pass through unchanged. */
export function byteLevelPostProcessor(): PostProcessor {
  return {
    addSpecialTokens: (ids) => ids,
    toJSON: () => ({ type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true }),
  };
}

/** A special token placed around the sequence by the template, with its id. */
export interface TemplateToken {
  token: string;
  id: number;
}

/** `before $A after` for one text; `before $A after $B:1 after:1` for a pair, as BERT and T5 do. */
export function templatePostProcessor(before: TemplateToken[], after: TemplateToken[]): PostProcessor {
  const special = (t: TemplateToken, typeId: number) => ({ SpecialToken: { id: t.token, type_id: typeId } });
  const sequence = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const specialTokens: Record<string, object> = {};
  for (const t of [...before, ...after]) specialTokens[t.token] = { id: t.token, ids: [t.id], tokens: [t.token] };
  return {
    addSpecialTokens: (ids) => [...before.map((t) => t.id), ...ids, ...after.map((t) => t.id)],
    toJSON: () => ({
      type: 'TemplateProcessing',
      single: [...before.map((t) => special(t, 0)), sequence('A', 0), ...after.map((t) => special(t, 0))],
      pair: [
        ...before.map((t) => special(t, 0)),
        sequence('A', 0),
        ...after.map((t) => special(t, 0)),
        sequence('B', 1),
        ...after.map((t) => special(t, 1)),
      ],
      special_tokens: specialTokens,
    }),
  };
}

/** RoBERTa's (`RobertaProcessing`): `<s> X </s>` for one text, `<s> A </s></s> B </s>` for a pair. */
export function robertaPostProcessor(cls: TemplateToken, sep: TemplateToken): PostProcessor {
  return {
    addSpecialTokens: (ids) => [cls.id, ...ids, sep.id],
    toJSON: () => ({ type: 'RobertaProcessing', sep: [sep.token, sep.id], cls: [cls.token, cls.id], trim_offsets: true, add_prefix_space: false }),
  };
}

type TemplatePiece = { SpecialToken: { id: string } } | { Sequence: { id: string } };

/**
 * The fields a post-processor reads, checked first: tokenizer.json comes from a download, and a
 * missing or mistyped field must be refused by name rather than fail as "reading 'map' of undefined".
 */
function tokenOfPair(value: unknown, field: string): string {
  if (!Array.isArray(value) || typeof value[0] !== 'string') throw new Error(`post_processor "${field}" must be [token, id]`);
  return value[0];
}

function templatePieces(value: unknown): TemplatePiece[] {
  const isPiece = (p: unknown) => {
    const piece = p as { SpecialToken?: { id?: unknown }; Sequence?: { id?: unknown } } | null;
    return typeof piece === 'object' && piece !== null && (typeof piece.SpecialToken?.id === 'string' || typeof piece.Sequence?.id === 'string');
  };
  if (!Array.isArray(value) || !value.every(isPiece)) throw new Error('TemplateProcessing "single" must list {"SpecialToken": {"id": …}} and {"Sequence": {"id": …}} pieces');
  return value as TemplatePiece[];
}

function templateSpecialTokens(value: unknown): Record<string, { ids: number[]; tokens: string[] }> {
  const table = (value ?? {}) as Record<string, { ids?: unknown; tokens?: unknown }>;
  if (typeof table !== 'object' || Array.isArray(table)) throw new Error('TemplateProcessing "special_tokens" must map names to {"ids": […], "tokens": […]}');
  for (const [name, entry] of Object.entries(table)) {
    const ok = typeof entry === 'object' && entry !== null && Array.isArray(entry.ids) && Array.isArray(entry.tokens) && entry.ids.length === entry.tokens.length && entry.ids.every((id) => Number.isInteger(id) && id >= 0) && entry.tokens.every((t) => typeof t === 'string');
    if (!ok) throw new Error(`TemplateProcessing special token ${JSON.stringify(name).slice(0, 40)} must have as many integer "ids" as string "tokens"`);
  }
  return table as Record<string, { ids: number[]; tokens: string[] }>;
}

export function postProcessorFromJSON(json: StageJson | null | undefined, idOf: (token: string) => number | undefined): PostProcessor {
  if (json === null || json === undefined) return noPostProcessor();
  const lookup = (token: string): TemplateToken => {
    const id = idOf(token);
    if (id === undefined) throw new Error(`post_processor token ${JSON.stringify(token)} is not in the vocabulary`);
    return { token, id };
  };
  switch (json.type) {
    case 'ByteLevel':
      return byteLevelPostProcessor();
    case 'BertProcessing':
      return templatePostProcessor([lookup(tokenOfPair(json.cls, 'cls'))], [lookup(tokenOfPair(json.sep, 'sep'))]);
    case 'RobertaProcessing':
      return robertaPostProcessor(lookup(tokenOfPair(json.cls, 'cls')), lookup(tokenOfPair(json.sep, 'sep')));
    case 'TemplateProcessing': {
      const table = templateSpecialTokens(json.special_tokens);
      const single = templatePieces(json.single);
      const sequenceAt = single.findIndex((piece) => 'Sequence' in piece);
      const tokensOf = (pieces: TemplatePiece[]): TemplateToken[] =>
        pieces.flatMap((piece) => {
          if (!('SpecialToken' in piece)) throw new Error('TemplateProcessing with more than one sequence in `single` is not supported');
          const entry = Object.hasOwn(table, piece.SpecialToken.id) ? table[piece.SpecialToken.id] : undefined;
          return entry ? entry.ids.map((id, i) => ({ token: entry.tokens[i], id })) : [lookup(piece.SpecialToken.id)];
        });
      if (sequenceAt < 0) throw new Error('TemplateProcessing "single" has no {"Sequence": …} for the text');
      return templatePostProcessor(tokensOf(single.slice(0, sequenceAt)), tokensOf(single.slice(sequenceAt + 1)));
    }
    default:
      throw new Error(`tokenizer.json post_processor ${json.type} is not supported`);
  }
}
