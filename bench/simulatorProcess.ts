// The Argo CD simulator as a child process for the benchmarks (so the RSS and CPU measured are
// the backend's), listening on a port it chose, its instances empty until a benchmark adds
// synthetic applications through the control API.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const ROOT = resolve(__dirname, '..');

/** The token every simulated instance accepts. */
export const TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.YmVuY2gtc2lnbmF0dXJl';

/** The simulator in a child process, with instances `cluster-1` … `cluster-<instances>`. */
export async function startSimulator(
  instances: number,
): Promise<{ url: string; control: string; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'argo-pulse-bench-'));
  const scenario = {
    instances: Array.from({ length: instances }, (_, i) => ({
      name: `cluster-${i + 1}`,
      auth: { tokens: [TOKEN] },
      applications: [],
    })),
  };
  writeFileSync(join(dir, 'scenario.yaml'), stringify(scenario));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/argocd-simulator/bin/argocd-simulator.js'),
      '--port',
      '0',
      '--scenario',
      join(dir, 'scenario.yaml'),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const control = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const match = /control API at (\S+)/.exec(out);
      if (match) resolveUrl(match[1]);
    });
    child.on('exit', code =>
      reject(new Error(`the simulator exited (${code})`)),
    );
  });
  return { url: control.replace(/\/control$/, ''), control, child };
}
