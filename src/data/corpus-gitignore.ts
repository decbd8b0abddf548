/**
 * Nested `.gitignore` rules with git's precedence: the deepest `.gitignore` that has a rule
 * matching a path decides (a `!negation` there re-includes it), and within one file the last
 * matching rule wins. Folders that are ignored are never entered, so, as in git, nothing below
 * them can be re-included. Patterns are matched by corpus-gitignore-rules.ts in linear time.
 */
import { parseGitignore, ruleMatches, type GitignoreRule } from './corpus-gitignore-rules';

interface Layer {
  /** Folder of this `.gitignore`, relative to the scan root ('' for the root itself). */
  base: string;
  rules: readonly GitignoreRule[];
}

export interface GitignoreMatch {
  /** The `.gitignore` that decided, relative to the scan root. */
  file: string;
  pattern: string;
}

/** The `.gitignore` of a folder relative to the scan root, as skip reasons and warnings name it. */
export function gitignoreLabel(base: string): string {
  return base === '' ? '.gitignore' : `${base}/.gitignore`;
}

export class GitignoreStack {
  private constructor(private readonly layers: readonly Layer[]) {}

  static empty(): GitignoreStack {
    return new GitignoreStack([]);
  }

  /** The stack for a sub-folder that has its own `.gitignore` with the given text, and warnings about rules left out. */
  withFile(base: string, text: string): { stack: GitignoreStack; warnings: string[] } {
    const { rules, warnings } = parseGitignore(text, gitignoreLabel(base));
    return { stack: new GitignoreStack([...this.layers, { base, rules }]), warnings };
  }

  /** The rule that ignores `relativePath` (relative to the scan root), or undefined when kept. */
  match(relativePath: string, isDirectory: boolean): GitignoreMatch | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const { base, rules } = this.layers[i];
      const local = base === '' ? relativePath : relativePath.slice(base.length + 1);
      for (let r = rules.length - 1; r >= 0; r--) {
        const rule = rules[r];
        if (!ruleMatches(rule, local, isDirectory)) continue;
        return rule.negated ? undefined : { file: gitignoreLabel(base), pattern: rule.pattern };
      }
    }
    return undefined;
  }
}
