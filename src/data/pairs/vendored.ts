/**
 * Third-party code checked into a workspace: `vendor/` (Go, PHP, Ruby), `third_party/`,
 * `bower_components/`. The corpus scan already leaves out `node_modules`; pair mining leaves
 * these out too, because their docs describe someone else's code and would flood search and
 * pair training with one library. (`pretrain` still reads them as plain text.)
 */
const VENDORED_FOLDERS = new Set(['vendor', 'vendors', 'third_party', 'third-party', 'thirdparty', 'bower_components', 'jspm_packages']);

/** Whether a path relative to the mined root lies in a vendored folder. */
export function isVendoredPath(relativePath: string): boolean {
  const folders = relativePath.split('/').slice(0, -1);
  return folders.some((f) => VENDORED_FOLDERS.has(f.toLowerCase()));
}
