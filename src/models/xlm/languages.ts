/**
 * The languages of Pretrain Lab's XLM models: a [code ; text] pair has two sides, and XLM's
 * `langs` input gives each token the language of its side. A folder's config.json records them
 * as HF does (n_langs, lang2id, id2lang, lang_id); text that is not split into sides (fill-mask,
 * attention, classify, plain MLM pretraining) is read as the text language, config.lang_id.
 */
import type { XlmConfig } from '../configs';

export const XLM_LANGUAGES = ['code', 'text'] as const;
export type XlmLanguage = (typeof XLM_LANGUAGES)[number];

/** lang2id / id2lang / n_langs / lang_id of a new model: code = 0, text = 1, text by default. */
export function xlmLanguageFields() {
  const lang2id = Object.fromEntries(XLM_LANGUAGES.map((name, id) => [name, id])) as Record<XlmLanguage, number>;
  const id2lang = Object.fromEntries(XLM_LANGUAGES.map((name, id) => [String(id), name]));
  return { n_langs: XLM_LANGUAGES.length, lang2id, id2lang, lang_id: lang2id.text };
}

/** Whether the model adds a language embedding at all (HF: n_langs > 1 and use_lang_emb). */
export function usesLanguageEmbeddings(cfg: Pick<XlmConfig, 'n_langs' | 'use_lang_emb'>): boolean {
  return cfg.n_langs > 1 && cfg.use_lang_emb;
}

/** The id of `language` in the folder's lang2id; its default language (lang_id) when the folder names none. */
export function languageId(cfg: Pick<XlmConfig, 'lang2id' | 'lang_id'>, language: XlmLanguage): number {
  return cfg.lang2id?.[language] ?? cfg.lang_id;
}
