/**
 * Character classes written to agree with the Rust `tokenizers` crate (the reference HF
 * implementation) rather than with JavaScript's `\s`, which differs on U+0085 and U+FEFF.
 * Rust's `char::is_whitespace` and Oniguruma's Unicode `\s` are both the White_Space property.
 */
export const WHITESPACE = '\\t-\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';

/** BERT's punctuation: every ASCII punctuation/symbol character plus Unicode category P. */
export const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
