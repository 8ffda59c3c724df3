// A fresh npm project outside this repository, as a user would create one:
// its own package.json, installed from the registry (and npm's cache) plus
// Argo Pulse's packed tarballs.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The version this repository installed of a package, so a consumer uses the same release. */
export function repositoryVersion(name: string): string {
  return require(require.resolve(`${name}/package.json`, { paths: [ROOT] }))
    .version;
}

/** Runs a command, resolving with its output; rejects with the output when it exits non-zero. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolveRun(output)
        : reject(
            new Error(
              `${command} ${args.join(' ')} exited ${code} in ${
                options.cwd
              }\n${output.slice(-6000)}`,
            ),
          ),
    );
  });
}

export interface ConsumerProject {
  dir: string;
  /** What `npm install` printed, warnings included. */
  installLog: string;
  remove: () => void;
}

/** Writes the project's files into a new temporary folder and runs `npm install` there. */
export async function createConsumerProject(options: {
  name: string;
  packageJson: Record<string, unknown>;
  files: Record<string, string>;
}): Promise<ConsumerProject> {
  const dir = mkdtempSync(join(tmpdir(), `argo-pulse-${options.name}-`));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: options.name, private: true, ...options.packageJson },
      null,
      2,
    ),
  );
  for (const [path, content] of Object.entries(options.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const installLog = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=warn'],
    { cwd: dir },
  );
  return {
    dir,
    installLog,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The packages npm warned about while installing (their `engines` refuse
 * this Node.js) that Argo Pulse's packages bring in. Warnings about what only
 * the host's own Backstage packages need are the host's, not ours.
 */
export async function argoPulseEngineWarnings(
  project: ConsumerProject,
): Promise<string[]> {
  const warned = [
    ...project.installLog.matchAll(/EBADENGINE\s+package: '([^']+)'/g),
  ].map(m => m[1]);
  const ours: string[] = [];
  for (const pkg of warned) {
    const why = await run('npm', ['explain', pkg, '--json'], {
      cwd: project.dir,
    });
    if (why.includes('"name": "@argo-pulse/')) ours.push(pkg);
  }
  return ours;
}
