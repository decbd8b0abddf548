/**
 * Include and exclude globs, relative to the scan root, in the editor's glob dialect
 * (`**` crosses folders, dot-files match, `/` separators on every platform).
 */
import picomatch from 'picomatch';

export class GlobFilter {
  private readonly includeMatch: ((p: string) => boolean) | undefined;
  private readonly excludeMatch: ((p: string) => boolean) | undefined;

  constructor(include: readonly string[] = [], exclude: readonly string[] = []) {
    this.includeMatch = include.length > 0 ? picomatch([...include], { dot: true }) : undefined;
    this.excludeMatch = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : undefined;
  }

  /** True when a file or folder matches an exclude glob; an excluded folder is not entered. */
  excludes(relativePath: string): boolean {
    return this.excludeMatch?.(relativePath) ?? false;
  }

  /** True when a file passes the include globs (every file does when none were given). */
  includes(relativePath: string): boolean {
    return this.includeMatch?.(relativePath) ?? true;
  }
}
