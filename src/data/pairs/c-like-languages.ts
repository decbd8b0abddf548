/**
 * What each brace language's declarations look like, for c-like-units.ts. Patterns run on a code
 * line whose comments and literal contents are blanked, with `d` so the name's offsets are known.
 */
import type { CLikeLanguage, DeclarationRule } from './c-like-units';
import type { LexSyntax } from './lexer';

const C_COMMENTS = { lineComments: ['//'], blockComment: { open: '/*', close: '*/' } } as const;
const STATEMENT_WORDS = ['if', 'for', 'while', 'switch', 'catch', 'return', 'else', 'do', 'try', 'sizeof', 'new', 'throw', 'case', 'typeof', 'await', 'yield', 'delete', 'super', 'this'];
const keywords = (...more: string[]) => new Set([...STATEMENT_WORDS, ...more]);

/** A `name(` preceded only by modifiers and a type, not by `=`, `.`, `return` or an operator. */
const callable = (prefix: string, name: string, afterParams: RegExp, generics = '(?:\\s*<[^()]*>)?'): DeclarationRule => ({
  pattern: new RegExp(`^\\s*${prefix}(?<name>${name})${generics}\\s*\\(`, 'd'),
  kind: 'function',
  body: 'callable',
  afterParams,
});

const JS_SYNTAX: LexSyntax = { ...C_COMMENTS, quotes: ['"', "'"], templates: true, regexLiterals: true };
const JS_IDENT = '[A-Za-z_$][\\w$]*';

const typescript: CLikeLanguage = {
  syntax: JS_SYNTAX,
  rules: [
    { pattern: /^\s*(?:it|test|describe|context|suite|specify)(?:\.(?:only|skip|concurrent|todo))?\s*\(\s*(?<name>'[^'\n]*'|"[^"\n]*"|`[^`\n]*`)/d, kind: 'test', body: 'call' },
    { pattern: new RegExp(`^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:class|interface|enum)\\b\\s*(?<name>${JS_IDENT})?`, 'd'), kind: 'class', body: 'braces' },
    { pattern: new RegExp(`^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:async\\s+)?function\\b\\s*\\*?\\s*(?<name>${JS_IDENT})?`, 'd'), kind: 'function', body: 'braces' },
    { pattern: new RegExp(`^\\s*(?:export\\s+)?(?:declare\\s+)?(?:const|let|var)\\s+(?<name>${JS_IDENT})`, 'd'), kind: 'function', body: 'arrow' },
    // Class fields holding functions: `private handle = (e: Event) => {…}`.
    { pattern: new RegExp(`^\\s+(?:(?:public|private|protected|static|readonly|override)\\s+)*(?<name>#?${JS_IDENT})(?=\\s*(?::[^=]*)?=[^=>])`, 'd'), kind: 'function', body: 'arrow' },
    callable('(?:(?:public|private|protected|static|async|readonly|override|abstract|get|set)\\s+)*\\*?\\s*', `#?${JS_IDENT}`, /^\s*(?::[^]*)?$/),
  ],
  comments: {},
  keywords: keywords('function', 'import', 'export', 'require', 'with'),
  prefixLine: /^\s*@[\w$.]+/,
  nestedFunctions: true,
  notABlock: /^\s*(import\b|export\s*\{|[}\])]|else\b|case\b|default\s*:)/,
};

const go: CLikeLanguage = {
  syntax: { ...C_COMMENTS, quotes: ['"', "'"], rawBackticks: true },
  rules: [
    { ...callable('func\\s+(?:\\([^)]*\\)\\s*)?', '[A-Za-z_]\\w*', /^[^;]*$/, '(?:\\s*\\[[^\\]]*\\])?'), methodHeader: /^func\s*\(/ },
    { pattern: /^type\s+(?<name>[A-Za-z_]\w*)(?:\[[^\]]*\])?\s+(?:struct|interface)\b/d, kind: 'class', body: 'braces' },
  ],
  comments: { lineCommentsAreDocs: true },
  keywords: keywords(),
  testName: /^Test[A-Z_0-9]?/,
  nestedFunctions: false,
  notABlock: /^\s*(package\b|import\b|[}\])]|else\b|case\b|default\s*:)/,
};

const RUST_VISIBILITY = '(?:pub(?:\\s*\\([^)]*\\))?\\s+)?';
const rust: CLikeLanguage = {
  syntax: { ...C_COMMENTS, blockComment: { open: '/*', close: '*/', nests: true }, quotes: ['"'], multilineQuotes: true, rust: true },
  rules: [
    callable(`${RUST_VISIBILITY}(?:default\\s+)?(?:const\\s+)?(?:async\\s+)?(?:unsafe\\s+)?(?:extern\\s+(?:"[^"]*"\\s+)?)?fn\\s+`, '[A-Za-z_]\\w*', /^[^;]*$/),
    { pattern: new RegExp(`^\\s*${RUST_VISIBILITY}(?:unsafe\\s+)?(?:struct|enum|trait|union)\\s+(?<name>[A-Za-z_]\\w*)`, 'd'), kind: 'class', body: 'braces-or-statement' },
    { pattern: /^\s*(?:unsafe\s+)?impl\b/d, kind: 'class', body: 'braces', nameFromHeader: implName },
  ],
  comments: { innerDocs: true },
  keywords: keywords('fn', 'match', 'loop', 'unsafe'),
  prefixLine: /^\s*#!?(?=\[)/,
  testPrefix: /#\[(?:[\w:]+::)?test\b/,
  nestedFunctions: true,
  notABlock: /^\s*(use\b|mod\s+\w+\s*;|extern\s+crate\b|[}\])]|else\b|#)/,
};

/** `impl<T: Display> fmt::Debug for Wrapper<T> where …` → "fmt::Debug for Wrapper<T>". */
function implName(header: string): string {
  let rest = header.replace(/^\s*(unsafe\s+)?impl\s*/, '');
  if (rest.startsWith('<')) {
    let depth = 0;
    let i = 0;
    for (; i < rest.length; i++) {
      if (rest[i] === '<') depth++;
      else if (rest[i] === '>' && --depth === 0) break;
    }
    rest = rest.slice(i + 1);
  }
  return rest.replace(/\bwhere\b[^]*$/, '').replace(/\s+/g, ' ').trim();
}

const JAVA_MODIFIERS = '(?:(?:public|private|protected|static|final|abstract|synchronized|native|default|strictfp|sealed|non-sealed)\\s+)*';
const java: CLikeLanguage = {
  syntax: { ...C_COMMENTS, quotes: ['"', "'"], tripleQuotes: ['"""'] },
  rules: [
    { pattern: new RegExp(`^\\s*${JAVA_MODIFIERS}(?:class|interface|enum|record|@interface)\\s+(?<name>[A-Za-z_$][\\w$]*)`, 'd'), kind: 'class', body: 'braces' },
    // Return type optional (constructors); generic method heads `<T> List<T>` allowed.
    callable(`${JAVA_MODIFIERS}(?:<[^;{()=]*>\\s+)?(?:(?!new\\b|return\\b|throw\\b|else\\b)[\\w$.]+(?:\\s*<[^;{()=]*>)?(?:\\s*\\[\\s*\\])*\\s+)?`, '[A-Za-z_$][\\w$]*', /^\s*(throws\s+[\w$.,\s<>]+)?$/, ''),
  ],
  comments: {},
  keywords: keywords('synchronized', 'assert'),
  prefixLine: /^\s*@(?!interface\b)[\w$.]+/,
  testPrefix: /@(Test|ParameterizedTest|RepeatedTest|TestFactory)\b/,
  nestedFunctions: false,
  notABlock: /^\s*(package\b|import\b|[}\])]|else\b|case\b|default\s*:)/,
};

const C_AFTER_PARAMS = /^\s*(?:(?:const|override|final|noexcept(?:\s*\([^)]*\))?|volatile|&&?|throw\s*\([^)]*\)|->\s*[^;]+?|\s)*(?::[^;]*)?)$/;
const cFamily = (cpp: boolean): CLikeLanguage => ({
  syntax: { ...C_COMMENTS, quotes: ['"', "'"], cppRawStrings: cpp },
  rules: [
    {
      pattern: /^\s*(?:template\s*<[^;{]*>\s*)?(?:typedef\s+)?(?:class|struct|union|enum(?:\s+class)?)\b(?!\s*\w+\s*[*&]?\s*\w+\s*[;=(])/d,
      kind: 'class',
      body: 'braces',
      nameFromHeader: cTypeName,
    },
    callable('(?:template\\s*<[^;{]*>\\s*)?(?:(?!return\\b|else\\b|new\\b|delete\\b|throw\\b|case\\b|goto\\b)[\\w:*&<>,~\\s]|\\[\\[[^\\]]*\\]\\])*?', '~?[A-Za-z_]\\w*(?:::~?[A-Za-z_]\\w*)*|operator\\s*[^\\s(]+', C_AFTER_PARAMS, ''),
  ],
  comments: {},
  keywords: keywords('defined', 'alignof', 'decltype', 'static_assert', 'namespace', 'extern', 'asm', '__attribute__'),
  prefixLine: cpp ? /^\s*template\s*(?=<)/ : undefined,
  nestedFunctions: false,
  notABlock: /^\s*(#|[}\])]|else\b|case\b|default\s*:|namespace\b|using\b|extern\s+")/,
});

/** `struct EXPORT Point : public Base` → "Point": the last name before a base list or the body. */
function cTypeName(header: string): string {
  const head = header.replace(/^\s*(template\s*<[^]*?>\s*)?(typedef\s+)?/, '').replace(/\s*(final\s*)?(:[^:][^]*)?$/, '');
  const words = head.match(/[A-Za-z_]\w*/g) ?? [];
  const name = words.filter((w) => !['class', 'struct', 'union', 'enum', 'final', 'alignas'].includes(w)).pop();
  return name ?? '';
}

export const C_LIKE_LANGUAGES = {
  typescript,
  javascript: typescript,
  go,
  rust,
  java,
  c: cFamily(false),
  cpp: cFamily(true),
} as const;
