// What a fault test (or a whole file) runs its backends against: a simulator and a database of
// its own; and the teardown that kills the backends and removes both.
import type {
  RunningSimulator,
  ScenarioInput,
} from '@argo-pulse/argocd-simulator';
import {
  startTestSimulator,
  TEST_TOKEN,
  TEST_USER,
} from '@argo-pulse/argocd-simulator/testing';
import {
  databaseKinds,
  FaultDatabase,
  stopAllBackends,
} from './backendProcess';

/** One describe block per database a backend runs on: `body` gets what creates that database. */
export function describePerDatabase(
  title: string,
  body: (createDatabase: () => Promise<FaultDatabase>) => void,
): void {
  describe.each(databaseKinds)(`${title}, backend on %s`, (_name, create) =>
    body(create),
  );
}

export interface FaultRig {
  simulator: RunningSimulator;
  database: FaultDatabase;
  /** A simulated instance as a backend's config names it, reached with the test token. */
  byToken: (name: string) => { name: string; url: string; token: string };
  /** A simulated instance as a backend's config names it, reached by logging in as the test user. */
  byLogin: (name: string) => {
    name: string;
    url: string;
    username: string;
    password: string;
  };
}

/** Starts a simulator with these instances and creates a database. */
export async function startRig(
  instances: ScenarioInput['instances'],
  createDatabase: () => Promise<FaultDatabase>,
): Promise<FaultRig> {
  const simulator = await startTestSimulator({ instances });
  const database = await createDatabase().catch(async error => {
    await simulator.close();
    throw error;
  });
  return {
    simulator,
    database,
    byToken: name => ({
      name,
      url: simulator.instanceUrl(name),
      token: TEST_TOKEN,
    }),
    byLogin: name => ({
      name,
      url: simulator.instanceUrl(name),
      username: TEST_USER.username,
      password: TEST_USER.password,
    }),
  };
}

/** Kills every backend, then closes the rig's simulator and drops its database (if it started). */
export async function stopRig(rig: FaultRig | undefined): Promise<void> {
  await stopAllBackends();
  await rig?.simulator.close();
  await rig?.database.dispose();
}
