// The import graph of the TypeScript sources under some folders, for the architecture test
// (test/unit/architecture/layers.test.ts): every `import … from`, `import type`, `export … from`,
// side-effect import, `require('…')` and dynamic `import('…')` (TypeScript's own pre-parser finds
// them, so commented-out imports and strings that merely look like one are not counted), each
// resolved to the file it names. Package imports (no leading dot) are not edges.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface ImportEdge {
  /** Repo-relative, forward slashes. */
  from: string;
  to: string;
  /** 1-based line of the import in `from`. */
  line: number;
}

/** Every .ts file under `roots` (repo-relative folders), repo-relative with forward slashes. */
export function sourceFiles(repoRoot: string, roots: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(rel);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        out.push(rel);
      }
    }
  };
  for (const root of roots) if (existsSync(path.join(repoRoot, root))) walk(root);
  return out.sort();
}

/** The file a relative specifier names, as TypeScript/Node resolve it; undefined if none. */
function resolveRelative(repoRoot: string, from: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    const full = path.join(repoRoot, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return undefined;
}

/** The resolved relative imports of each file; `unresolved` lists specifiers naming no file. */
export function importGraph(repoRoot: string, files: readonly string[]): { edges: ImportEdge[]; unresolved: ImportEdge[] } {
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const from of files) {
    const text = readFileSync(path.join(repoRoot, from), 'utf8');
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const line = text.slice(0, ref.pos).split('\n').length;
      const to = resolveRelative(repoRoot, from, ref.fileName);
      if (to) edges.push({ from, to, line });
      else unresolved.push({ from, to: ref.fileName, line });
    }
  }
  return { edges, unresolved };
}

/**
 * The import cycles among files: each strongly connected component of more than one file (or a
 * file importing itself), reported as one closed path through it (a → b → … → a), shortest
 * first from the component's first file.
 */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const components = stronglyConnected(next);
  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const selfLoop = component.length === 1 && (next.get(component[0]) ?? []).includes(component[0]);
    if (component.length < 2 && !selfLoop) continue;
    const start = [...component].sort()[0];
    cycles.push(shortestCycle(start, next, members));
  }
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** Tarjan's algorithm, iterative (import chains can be deep). */
function stronglyConnected(next: Map<string, string[]>): string[][] {
  const nodes = new Set<string>([...next.keys(), ...[...next.values()].flat()]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; child: number }[] = [{ node: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const children = next.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        out.push(component.sort());
      }
    }
  }
  return out;
}

/** Breadth-first from `start` back to itself inside one component. */
function shortestCycle(start: string, next: Map<string, string[]>, members: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const child of next.get(node) ?? []) {
      if (!members.has(child)) continue;
      if (child === start) {
        const chain = [node];
        for (let at = node; at !== start;) {
          at = previous.get(at)!;
          chain.unshift(at);
        }
        return [...chain, start];
      }
      if (!previous.has(child) && child !== start) {
        previous.set(child, node);
        queue.push(child);
      }
    }
  }
  return [start, start];
}
