import type { ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import {
  eventually,
  ownerPolicy,
  startPluginWithSimulator,
} from '@argo-pulse/test-support';
import { ENTITY_INDEX_TASK_ID } from '../tasks/taskIds';
import { startedForAllTests, startedForEachTest } from './aroundTests';
import type { TestDatabase } from './eachDatabase';

export type PluginHarness = Awaited<
  ReturnType<typeof startPluginWithSimulator>
>;

type PluginOptions = Omit<
  Parameters<typeof startPluginWithSimulator>[0],
  'databases' | 'databaseId'
>;

const starter =
  ({ databases, databaseId }: TestDatabase, options: PluginOptions) =>
  () =>
    startPluginWithSimulator({ databases, databaseId, ...options });

const stop = (harness: PluginHarness) => harness.stop();

/**
 * The plugin with the demo simulator on `database`, started once before the
 * block's tests and stopped after them (see startedForAllTests).
 */
export function pluginForAllTests(
  database: TestDatabase,
  options: PluginOptions = {},
): PluginHarness {
  return startedForAllTests(starter(database, options), stop);
}

/** As pluginForAllTests, but a plugin of its own for each test: for tests that change what it serves. */
export function pluginForEachTest(
  database: TestDatabase,
  options: PluginOptions = {},
): PluginHarness {
  return startedForEachTest(starter(database, options), stop);
}

/** The demo's three instances as the environments of app-config. */
export const DEMO_ENVIRONMENTS = [
  { name: 'development', instances: ['dev'] },
  { name: 'staging', instances: ['staging'] },
  { name: 'production', instances: ['prod'] },
];

/**
 * The plugin for a portal-wide route's tests, on the demo with its
 * environments: a plugin of its own for each test, polled, its entity index
 * built; `onlyOwnedBy` makes the policy allow (conditionally) only one
 * team's entities, `undefined` all of them (each test starts with all).
 */
export function portalPluginForEachTest(
  database: TestDatabase,
  config: NonNullable<PluginOptions['config']> = {},
) {
  const { permissions, onlyOwnedBy } = ownerPolicy();
  const harness = pluginForEachTest(database, {
    permissions,
    config: { environments: DEMO_ENVIRONMENTS, ...config },
  });
  beforeEach(async () => {
    onlyOwnedBy(undefined);
    await harness.poll();
    await harness.triggerTask(ENTITY_INDEX_TASK_ID);
  });
  return { harness, onlyOwnedBy };
}

/** A test for each query: `path` answers it 400, with a message that matches what is wrong. */
export function itRefusesQueries(
  harness: PluginHarness,
  path: string,
  queries: Array<[query: string, wrong: RegExp]>,
): void {
  it.each(queries)(
    'answers 400 for %s, naming what is wrong',
    async (query, wrong) => {
      const { status, body } = await harness.get(`${path}${query}`);
      expect(status).toBe(400);
      expect(body.error.message).toMatch(wrong);
    },
  );
}

type Rollout = Parameters<
  ReturnType<PluginHarness['simulator']['instance']>['rollout']
>[1];

/**
 * Rolls a demo application out in the simulator, its phases applied at once
 * as between two polls: all of them, or the first `phases`.
 */
export function rollOut(
  harness: PluginHarness,
  instance: string,
  application: string,
  rollout: Rollout,
  phases = Infinity,
): void {
  const sim = harness.simulator.instance(instance);
  sim.rollout(application, { ...rollout, manual: true });
  for (let phase = 0; phase < phases; phase++)
    if (sim.rollouts.advance(sim.application(application))!.done) return;
}

/** An expectation once it is in `state`, read again until it is (for as long as `eventually` waits). */
export function expectationOnce(
  harness: PluginHarness,
  id: string,
  state: ArgoPulseExpectation['state'],
): Promise<ArgoPulseExpectation> {
  return eventually(async () => {
    const current = (await harness.get(`/expectations/${id}`))
      .body as ArgoPulseExpectation;
    expect(current.state).toBe(state);
    return current;
  });
}
