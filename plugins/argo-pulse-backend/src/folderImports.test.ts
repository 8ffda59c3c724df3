import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The backend's folders import downward only (docs/architecture.md): routes in service/ may
// import any feature folder; a feature folder imports database/, argocd/, config/ and others
// below it, never one that imports it back.
const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

const folderOf = (file: string) =>
  relative(SRC, dirname(file)).split('/')[0] || '.';

function folderEdges(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(
      /from '(\.[^']+)'/g,
    )) {
      const to = folderOf(`${resolve(dirname(file), spec)}.ts`);
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return edges;
}

describe('the backend folders', () => {
  it('import one another in one direction only: no folder imports a folder that imports it, directly or around a loop', () => {
    const edges = folderEdges();
    const loops: string[] = [];
    const visit = (folder: string, path: string[]) => {
      for (const next of edges.get(folder) ?? []) {
        if (next === path[0]) loops.push([...path, next].join(' → '));
        else if (!path.includes(next)) visit(next, [...path, next]);
      }
    };
    for (const folder of edges.keys()) visit(folder, [folder]);
    expect(loops).toEqual([]);
  });
});
