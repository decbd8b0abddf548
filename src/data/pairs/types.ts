/**
 * What pair mining finds in a workspace: code units (functions, classes, Markdown sections) and
 * the (code, text) pairs among them — a unit with the comment, docstring or prose that
 * describes it. The contract between pair mining (src/data/pairs/), the pair objectives
 * (translation LM, contrastive) and semantic search (src/search/).
 */

/** Languages pair mining reads; 'markdown' covers prose with fenced code blocks. */
export type PairLanguage = 'typescript' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'c' | 'cpp' | 'markdown';

/** Where a pair's text came from. */
export type PairKind =
  /** JSDoc/TSDoc, Javadoc, Rust `///`, Doxygen `/** … *\/` before a declaration. */
  | 'doc-comment'
  /** A Python docstring inside its def/class. */
  | 'docstring'
  /** A `//` or `#` comment block directly above code. */
  | 'line-comment'
  /** A Markdown paragraph and the fenced code block that follows it. */
  | 'markdown'
  /** A test's title (`it('…')`, `test('…')`, `def test_…`, `func TestX`) and its body. */
  | 'test';

/** What a code unit is: the granularity search indexes and pairs attach to. */
export type UnitKind = 'function' | 'method' | 'class' | 'test' | 'block' | 'section';

/** One searchable unit of a file. Lines are 1-based and inclusive. */
export interface CodeUnit {
  /** Path relative to the mined root, with '/' separators. */
  file: string;
  language: PairLanguage;
  kind: UnitKind;
  /** Declared name (function, class, test title, Markdown heading); '' when it has none. */
  name: string;
  startLine: number;
  endLine: number;
  /** The unit's source text (the declaration with its body; a Markdown section's text). */
  code: string;
  /** The describing text attached to it, cleaned of comment markers; absent when none. */
  doc?: string;
  /** Where `doc` came from (the pair kind it makes); set whenever `doc` is. */
  docKind?: PairKind;
  /** `code` without the docstring inside it (Python), which a pair must not hold twice; absent
   *  when the doc is outside the code. */
  codeWithoutDoc?: string;
}

/** A (code, text) training pair: a unit that has a describing text. */
export interface CodeTextPair {
  file: string;
  language: PairLanguage;
  kind: PairKind;
  /** 1-based line of the code's first line. */
  line: number;
  code: string;
  text: string;
}

/** Counts for `pretrain-lab pairs` and the corpus summary. */
export interface PairCounts {
  files: number;
  units: number;
  pairs: number;
  /** pairs per language, then per kind. */
  byLanguage: Partial<Record<PairLanguage, number>>;
  byKind: Partial<Record<PairKind, number>>;
  /** Pairs dropped as exact duplicates of an earlier (code, text). */
  duplicates: number;
}

/** Mined pairs split by whole files, as `pretrain` holds out validation files. */
export interface PairSplit {
  train: CodeTextPair[];
  validation: CodeTextPair[];
  counts: PairCounts;
  /** Files with pairs on each side. */
  trainFiles?: number;
  validationFiles?: number;
  /** 'by-document': whole files held out; 'tail': the split fell back, as `pretrain`'s does on a
   *  workspace too small to draw whole files well, to the last pairs of every file. */
  mode?: 'by-document' | 'tail';
}
