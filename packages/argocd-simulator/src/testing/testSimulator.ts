import type {
  ScenarioApplicationInput,
  ScenarioInput,
} from '../scenario/scenarioSchema';
import { RunningSimulator, SimulatorOptions, startSimulator } from '../server';

/** A static token of the test scenario's instances (JWT-shaped, as Argo CD requires). */
export const TEST_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.dGVzdC1zaWduYXR1cmU';
export const TEST_USER = { username: 'admin', password: 'test-password' };

/** A small single-source git application. */
export function gitApp(
  name: string,
  overrides: Partial<ScenarioApplicationInput> = {},
): ScenarioApplicationInput {
  return {
    name,
    project: 'default',
    labels: { app: name },
    destination: { namespace: name },
    sources: [
      {
        repoURL: 'https://github.com/acme/deployments.git',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
    ],
    images: [`ghcr.io/acme/${name}:1.0.0`],
    ...overrides,
  };
}

/**
 * An application deployed from an OCI release bundle (Argo CD 3.1+):
 * `oci://ghcr.io/acme/releases/<name>` at tag `1.4.0`, whose revisions are `sha256:` digests.
 */
export function ociApp(
  name: string,
  overrides: Partial<ScenarioApplicationInput> = {},
): ScenarioApplicationInput {
  return gitApp(name, {
    sources: [
      {
        repoURL: `oci://ghcr.io/acme/releases/${name}`,
        targetRevision: '1.4.0',
        path: '.',
      },
    ],
    images: [`ghcr.io/acme/${name}:1.4.0`],
    ...overrides,
  });
}

/** The canary of the tests: a weight, a pause until promoted, a weight, an analysis, a timed pause, all the traffic. */
export const CANARY_STEPS = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 50 },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { pause: { duration: '30s' } },
  { setWeight: 100 },
];

/**
 * An application whose workload is an Argo Rollouts Rollout, named as the application (unless
 * `rollout.name` says otherwise) with five replicas: a canary with `CANARY_STEPS` unless told
 * otherwise.
 */
export function rolloutApp(
  name: string,
  rollout: NonNullable<ScenarioApplicationInput['rollout']> = {
    strategy: 'canary',
    steps: CANARY_STEPS,
  },
  overrides: Partial<ScenarioApplicationInput> = {},
): ScenarioApplicationInput {
  return gitApp(name, { rollout, ...overrides });
}

/** A hydrated application (Argo CD's source hydrator): a dry source, hydrated to `env/<name>` on `environments`. */
export function hydratedApp(
  name: string,
  overrides: Partial<ScenarioApplicationInput> = {},
): ScenarioApplicationInput {
  return gitApp(name, {
    sources: [],
    sourceHydrator: {
      drySource: {
        repoURL: 'https://github.com/acme/deployments.git',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
      syncSource: { targetBranch: 'environments', path: `env/${name}` },
    },
    ...overrides,
  });
}

/** An instance of the test scenario with the given applications. */
export function testInstance(
  name: string,
  applications: ScenarioApplicationInput[],
) {
  return {
    name,
    auth: { users: [TEST_USER], tokens: [TEST_TOKEN] },
    applications,
  };
}

/** Two instances, `main` (api and web) and `other` (api): for what must stay with one instance. */
export const MAIN_AND_OTHER: ScenarioInput = {
  instances: [
    testInstance('main', [gitApp('api'), gitApp('web')]),
    testInstance('other', [gitApp('api')]),
  ],
};

/** Starts a simulator for one test file; fast rollouts and no login delay unless asked. */
export async function startTestSimulator(
  scenario: ScenarioInput,
  options: Omit<SimulatorOptions, 'scenario'> = {},
): Promise<RunningSimulator> {
  return startSimulator({
    scenario,
    loginFailureDelayMs: 0,
    phaseDurations: { outOfSync: 10, syncing: 10, progressing: 10 },
    ...options,
  });
}

/** GET (or another method) against an instance's Argo CD API with the test token. */
export async function argoFetch(
  simulator: RunningSimulator,
  instance: string,
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<Response> {
  const { token = TEST_TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(`${simulator.instanceUrl(instance)}${path}`, {
    ...rest,
    headers,
  });
}

/** Calls the control API. */
export async function control(
  simulator: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${simulator.url}/control${path}`, {
    method,
    headers:
      body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
