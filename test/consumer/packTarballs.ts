// Global setup of the consumer test: build and pack the publishable packages
// once (`npm run pack`), exactly as a release would, and hand the folder of
// tarballs to the tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const ROOT = resolve(__dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: Record<string, string>;
  }
}

export default function packTarballs(project: TestProject) {
  const result = spawnSync('npm', ['run', 'pack'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(`npm run pack failed (exit ${result.status})`);
  const folder = join(ROOT, 'dist-packs');
  const tarballs: Record<string, string> = {};
  for (const file of readdirSync(folder)) {
    const match = /^argo-pulse-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(file);
    if (match) tarballs[`@argo-pulse/${match[1]}`] = join(folder, file);
  }
  project.provide('tarballs', tarballs);
}
