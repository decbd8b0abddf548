/**
 * Nested `.gitignore` rules with git's precedence: the deepest `.gitignore` that has a rule
 * matching a path decides (a `!negation` there re-includes it), and within one file the last
 * matching rule wins (the `ignore` package implements that part). Folders that are ignored are
 * never entered, so, as in git, nothing below them can be re-included.
 */
import ignore, { type Ignore } from 'ignore';

interface Layer {
  /** Folder of this `.gitignore`, relative to the scan root ('' for the root itself). */
  base: string;
  rules: Ignore;
}

export interface GitignoreMatch {
  /** The `.gitignore` that decided, relative to the scan root. */
  file: string;
  pattern: string;
}

export class GitignoreStack {
  private constructor(private readonly layers: readonly Layer[]) {}

  static empty(): GitignoreStack {
    return new GitignoreStack([]);
  }

  /** The stack for a sub-folder that has its own `.gitignore` with the given text. */
  withFile(base: string, text: string): GitignoreStack {
    return new GitignoreStack([...this.layers, { base, rules: ignore().add(text) }]);
  }

  /** The rule that ignores `relativePath` (relative to the scan root), or undefined when kept. */
  match(relativePath: string, isDirectory: boolean): GitignoreMatch | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const { base, rules } = this.layers[i];
      const local = base === '' ? relativePath : relativePath.slice(base.length + 1);
      const result = rules.test(isDirectory ? `${local}/` : local);
      if (result.unignored) return undefined;
      if (result.ignored) {
        return { file: base === '' ? '.gitignore' : `${base}/.gitignore`, pattern: result.rule?.pattern ?? '' };
      }
    }
    return undefined;
  }
}
