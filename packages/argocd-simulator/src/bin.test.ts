import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const PACKAGE = resolve(__dirname, '..');
const BIN = resolve(PACKAGE, 'bin/argocd-simulator.js');

function run(args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: PACKAGE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  return { child, output: () => output };
}

describe('the argocd-simulator command', () => {
  it('serves the demo scenario as the README says, and stops on SIGTERM', async () => {
    const { child, output } = run([
      '--port',
      '0',
      '--scenario',
      'scenarios/demo.yaml',
    ]);
    try {
      await vi.waitFor(() => expect(output()).toContain('control API at'), {
        timeout: 15_000,
        interval: 50,
      });
      const url = /control API at (http:\/\/[^/\s]+)/.exec(output())![1];
      expect(output()).toMatch(
        /instance prod at http:\/\/.+\/instances\/prod \(6 applications\)/,
      );
      const instances = await (await fetch(`${url}/control/instances`)).json();
      expect(instances).toEqual({
        instances: [
          { name: 'dev', applications: 4 },
          { name: 'staging', applications: 3 },
          { name: 'prod', applications: 6 },
        ],
      });
      const login = await fetch(`${url}/instances/dev/api/v1/session`, {
        method: 'POST',
        body: JSON.stringify({
          username: 'admin',
          password: 'demo-admin-password',
        }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 30_000);

  it('explains a bad scenario and exits 1', async () => {
    const { child, output } = run(['--scenario', 'package.json']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toMatch(
      /argocd-simulator: Invalid scenario file .*package\.json/,
    );
  }, 30_000);

  it('prints its usage without a scenario and exits 3', async () => {
    const { child, output } = run([]);
    const [code] = await once(child, 'exit');
    expect(code).toBe(3);
    expect(output()).toContain('usage: argocd-simulator --scenario');
  }, 30_000);
});
