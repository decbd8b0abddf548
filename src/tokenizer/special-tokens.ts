import { SpecialTokenIds, SpecialTokens, Tokenizer } from './types';

/** Roles in the order their tokens take the first ids of a trained vocabulary. */
const ROLE_ORDER = ['pad', 'bos', 'eos', 'unk', 'cls', 'sep', 'mask'] as const;
export type SingleRole = (typeof ROLE_ORDER)[number];

/**
 * The distinct special token strings (of `roles` only, when given, in that order), in id order: pad, bos, eos, unk, cls, sep, mask, then
 * the sentinels. This gives BERT [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4 and T5 <pad>=0 </s>=1
 * <unk>=2 as their HF counterparts number them.
 */
export function specialTokenList(specials: SpecialTokens, roles: readonly SingleRole[] = ROLE_ORDER): string[] {
  const list: string[] = [];
  for (const role of roles) {
    const token = specials[role];
    if (token !== undefined && !list.includes(token)) list.push(token);
  }
  for (const token of specials.sentinels ?? []) if (!list.includes(token)) list.push(token);
  return list;
}

export function specialTokenIds(specials: SpecialTokens, idOf: (token: string) => number | undefined): SpecialTokenIds {
  const ids: SpecialTokenIds = {};
  for (const role of ROLE_ORDER) {
    const token = specials[role];
    if (token === undefined) continue;
    const id = idOf(token);
    if (id === undefined) throw new Error(`special token ${JSON.stringify(token)} (${role}) is not in the vocabulary`);
    ids[role] = id;
  }
  if (specials.sentinels) {
    ids.sentinels = specials.sentinels.map((token) => {
      const id = idOf(token);
      if (id === undefined) throw new Error(`sentinel ${JSON.stringify(token)} is not in the vocabulary`);
      return id;
    });
  }
  return ids;
}

/** The ids of a tokenizer's special tokens by role: pad, mask, cls, sep, eos, sentinels… */
export function specialTokenIdsOf(tokenizer: Tokenizer): SpecialTokenIds {
  return specialTokenIds(tokenizer.specialTokens, (token) => tokenizer.tokenToId(token));
}

/** XLM's mask token (XLMTokenizer's mask_token). */
export const XLM_MASK_TOKEN = '<special1>';

/** T5's sentinel names: <extra_id_0> … <extra_id_{count-1}>. */
export function sentinelTokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `<extra_id_${i}>`);
}

const CONVENTIONAL_ROLES: Record<string, SingleRole[]> = {
  '[PAD]': ['pad'],
  '[UNK]': ['unk'],
  '[CLS]': ['cls'],
  '[SEP]': ['sep'],
  '[MASK]': ['mask'],
  '<pad>': ['pad'],
  '<unk>': ['unk'],
  '<s>': ['bos'],
  '</s>': ['eos'],
  '<mask>': ['mask'],
  // GPT-2 uses its one special token for every role it has.
  '<|endoftext|>': ['bos', 'eos', 'unk'],
};

/**
 * Roles of special tokens guessed from their conventional names, for tokenizer.json files read
 * without their tokenizer_config.json.
 */
export function rolesFromConventionalNames(tokens: Iterable<string>): SpecialTokens {
  const specials: SpecialTokens = {};
  const sentinels: Array<[number, string]> = [];
  for (const token of tokens) {
    for (const role of CONVENTIONAL_ROLES[token] ?? []) specials[role] ??= token;
    const sentinel = /^<extra_id_(\d+)>$/.exec(token);
    if (sentinel) sentinels.push([Number(sentinel[1]), token]);
  }
  if (sentinels.length > 0) specials.sentinels = sentinels.sort((x, y) => x[0] - y[0]).map(([, token]) => token);
  return specials;
}
