// A Backstage app made by create-app, as a platform engineer makes one, into
// which the README's install steps are run word for word: its shell block
// for Yarn, its backend line, its example entity, its configuration and CI
// token blocks. Yarn 4 (the app's own), Node.js 22 or 24.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { run } from './consumerProject';
import { readmeBlock } from './readme';

/** The create-app release the README promises; refresh with BACKSTAGE_RELEASE_CUTOFF on upgrade. */
export const CREATE_APP_VERSION = '0.9.2';

/**
 * create-app 0.9.2 makes a Backstage 1.55 app whose dependencies are caret ranges, pinned by a
 * yarn.lock seed it fetches from GitHub (which these machines cannot reach). Unpinned, some
 * ranges float to packages of the next release that crash 1.55 (plugin-signals-backend 0.3.21
 * calls httpRouter.addWebSocketHandler, which backend-defaults 0.18 lacks). The app's first
 * install resolves as of the day before the next release's packages were published, which
 * gives the set 1.55 shipped with, as the seed would. What the README adds afterwards resolves
 * as it does for a user: with the app's own Yarn settings, from today's registry.
 */
export const BACKSTAGE_RELEASE_CUTOFF = '2026-11-16T00:00:00Z';

/** A fenced block of the README in one language that contains `marker`. */
function readmeFence(language: string, marker: string): string {
  return readmeBlock(marker, [language]);
}

export interface ScaffoldedApp {
  dir: string;
  /** A user's environment for Yarn and the app's commands: the registry this machine reaches, Yarn on the PATH. */
  env: NodeJS.ProcessEnv;
  yarn: (args: string[]) => Promise<string>;
  remove: () => void;
}

function userEnvironment(tools: string): NodeJS.ProcessEnv {
  const registry = execFileSync('npm', ['config', 'get', 'registry'], {
    encoding: 'utf8',
  }).trim();
  return {
    ...process.env,
    PATH: `${join(tools, 'node_modules/.bin')}:${process.env.PATH}`,
    // Yarn's own default registry is not the one this machine reaches.
    YARN_NPM_REGISTRY_SERVER: registry,
    // With CI=true Yarn refuses to change the lockfile, as a user's first install must.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: '0',
  };
}

/** The app's first install: the Backstage 1.55 release set, as create-app's lockfile seed pins it. */
function releasePinned(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const minutesSinceCutoff = Math.floor(
    (Date.now() - Date.parse(BACKSTAGE_RELEASE_CUTOFF)) / 60_000,
  );
  return {
    ...env,
    YARN_NPM_MINIMAL_AGE_GATE: `${minutesSinceCutoff}m`,
    // create-app exempts @backstage/* from its age gate; here they are what must be pinned.
    YARN_NPM_PREAPPROVED_PACKAGES: '',
  };
}

/**
 * Makes the app with create-app and installs it with its own Yarn, then copies the tarballs into
 * vendor/argo-pulse/ as the README says. Minutes: create-app, then a Backstage app's install.
 */
export async function scaffoldApp(
  tarballs: Record<string, string>,
): Promise<ScaffoldedApp> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 22 && major !== 24) {
    throw new Error(
      `create-app needs Node.js 22 or 24, this is ${process.versions.node}: run it with one (.ci/run brings Node.js 22 from npm)`,
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'argo-pulse-scaffold-'));
  const tools = join(root, 'tools');
  const dir = join(root, 'app');
  // Any Yarn will do on the PATH: the app runs the Yarn 4 release it ships (yarnPath).
  mkdirSync(tools);
  await run(
    'npm',
    [
      'install',
      '--prefix',
      tools,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      'yarn@1.22.22',
    ],
    { cwd: tools },
  );
  const env = userEnvironment(tools);
  const yarn = (args: string[]) => run('yarn', args, { cwd: dir, env });

  await runWithInput(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${CREATE_APP_VERSION}`,
      '--skip-install',
      '--path',
      dir,
    ],
    'argo-pulse-scaffold\n',
    { cwd: root, env },
  );
  await run('yarn', ['install'], { cwd: dir, env: releasePinned(env) });

  const vendor = join(dir, 'vendor/argo-pulse');
  mkdirSync(vendor, { recursive: true });
  for (const tarball of Object.values(tarballs))
    copyFileSync(tarball, join(vendor, basename(tarball)));
  return {
    dir,
    env,
    yarn,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs the README's Yarn block, line by line as a user pastes it, in the app's root. */
export async function runReadmeYarnSteps(app: ScaffoldedApp): Promise<string> {
  return run(
    'bash',
    [
      '-euo',
      'pipefail',
      '-c',
      readmeFence('sh', 'yarn --cwd packages/backend add'),
    ],
    { cwd: app.dir, env: app.env },
  );
}

/** Adds the README's backend line before `backend.start()`, where the README says to. */
export function addReadmeBackendLine(app: ScaffoldedApp): void {
  const file = join(app.dir, 'packages/backend/src/index.ts');
  // The README's one-line block (its minimal backend has the same line among others).
  const line = "backend.add(import('@argo-pulse/backstage-plugin-backend'));";
  if (readmeFence('ts', line).trim() !== line)
    throw new Error(
      `the README's first ts block with "${line}" is not that line alone`,
    );
  const source = readFileSync(file, 'utf8');
  if (!source.includes('backend.start();'))
    throw new Error(`no backend.start() in ${file}`);
  writeFileSync(
    file,
    source.replace('backend.start();', `${line}\nbackend.start();`),
  );
}

/** Appends the README's example entity to create-app's examples/entities.yaml, a catalog location. */
export function addReadmeEntity(app: ScaffoldedApp): string {
  const entity = readmeFence('yaml', 'kind: Component');
  const file = join(app.dir, 'examples/entities.yaml');
  writeFileSync(
    file,
    `${readFileSync(file, 'utf8').trimEnd()}\n---\n${entity}`,
  );
  return parse(entity).metadata.name;
}

/**
 * app-config.local.yaml (which Backstage reads beside app-config.yaml): the README's
 * configuration and CI token blocks, with the instance's URL pointed at the simulator and the
 * backend on a port of its own. The secrets come from the environment, as the blocks say.
 */
export function writeLocalConfig(
  app: ScaffoldedApp,
  options: { argoCdUrl: string; port: number },
): void {
  const configuration = parse(readmeFence('yaml', 'argoPulse:'));
  const ciToken = parse(readmeFence('yaml', 'externalAccess:'));
  for (const instance of configuration.argoPulse.instances) {
    instance.url = options.argoCdUrl;
    instance.frontendUrl = options.argoCdUrl;
  }
  const baseUrl = `http://localhost:${options.port}`;
  const local = {
    ...configuration,
    backend: { ...ciToken.backend, baseUrl, listen: { port: options.port } },
  };
  writeFileSync(join(app.dir, 'app-config.local.yaml'), stringify(local));
}

function runWithInput(
  command: string,
  args: string[],
  input: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  return run(
    'bash',
    ['-c', `printf '%s' "$0" | "$@"`, input, command, ...args],
    options,
  );
}
