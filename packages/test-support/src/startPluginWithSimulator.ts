import type {
  PermissionsService,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  ServiceMock,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  loadScenarioFile,
  RunningSimulator,
  startSimulator,
} from '@argo-pulse/argocd-simulator';
// A test helper starts the plugin under test: the one place a library imports a plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import argoPulsePlugin, {
  detailTaskId,
  pollTaskId,
} from '@argo-pulse/backstage-plugin-backend';

const DEMO_SCENARIO = resolvePackagePath(
  '@argo-pulse/argocd-simulator',
  'scenarios/demo.yaml',
);
/** The sample catalog the demo portal loads, kept with the repository's test fixtures. */
const SAMPLE_CATALOG = resolvePackagePath(
  '@argo-pulse/test-support',
  '../../test/fixtures/catalog.yaml',
);
const DEMO_INSTANCES = ['dev', 'staging', 'prod'];

function sampleEntities(): Entity[] {
  return parseAllDocuments(readFileSync(SAMPLE_CATALOG, 'utf8')).map(d => {
    const entity = d.toJSON() as Entity;
    entity.metadata.namespace ??= 'default';
    return entity;
  });
}

/** Tokens and accounts of the demo scenario: dev and staging by token, prod by login. */
async function demoInstancesConfig(simulator: RunningSimulator) {
  const scenario = await loadScenarioFile(DEMO_SCENARIO);
  return scenario.instances.map(instance =>
    instance.name === 'prod'
      ? {
          name: 'prod',
          url: simulator.instanceUrl('prod'),
          username: 'admin',
          password: 'demo-admin-password',
        }
      : {
          name: instance.name,
          url: simulator.instanceUrl(instance.name),
          token: instance.auth.tokens[0],
        },
  );
}

/**
 * A real backend (startTestBackend) with the Argo Pulse plugin, a real
 * database, the demo simulator and the sample catalog. Polls run only when
 * a test triggers them, so request counts are exact.
 */
export async function startPluginWithSimulator(options: {
  databases: TestDatabases;
  databaseId: Parameters<TestDatabases['init']>[0];
  config?: JsonObject;
  /** Entities besides the sample catalog. */
  extraEntities?: Entity[];
  /** The permissions service; by default the real one with the framework off (everything allowed). */
  permissions?: ServiceMock<PermissionsService>;
}) {
  const simulator = await startSimulator({
    scenario: await loadScenarioFile(DEMO_SCENARIO),
    loginFailureDelayMs: 0,
  });
  const knex = await options.databases.init(options.databaseId);
  const instances = await demoInstancesConfig(simulator);
  const events = mockServices.events.mock();
  // The mock scheduler runs tasks only when triggered; its instance is also
  // its own service factory, and can wait for a task's run (neither is in the published types).
  let scheduler: SchedulerService & {
    factory(options: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
    waitForTask(id: string): Promise<void>;
  };
  const start = () => {
    scheduler = mockServices.scheduler() as typeof scheduler;
    return startTestBackend({
      features: [
        argoPulsePlugin,
        mockServices.rootConfig.factory({
          data: { argoPulse: { instances, ...options.config } },
        }),
        mockServices.database.factory({ knex }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({
          entities: [...sampleEntities(), ...(options.extraEntities ?? [])],
        }),
        events.factory,
        ...(options.permissions ? [options.permissions.factory] : []),
      ],
    });
  };
  let backend = await start();
  const authHeader = mockCredentials.user.header();
  return {
    simulator,
    get backend() {
      return backend;
    },
    /** The events service the plugin publishes on. */
    events,
    /** Stops the backend and starts a new one on the same database, as a deploy would. */
    restart: async () => {
      await backend.stop();
      backend = await start();
    },
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(backend.server)
        .post(`/api/argo-pulse${path}`)
        .set({ Authorization: authHeader, ...headers })
        .send(body as object),
    /** Runs one poll of each named instance (all by default), then its detail task, as the scheduler would. */
    poll: async (...names: string[]) => {
      for (const name of names.length ? names : DEMO_INSTANCES) {
        await scheduler.triggerTask(pollTaskId(name));
        await scheduler.triggerTask(detailTaskId(name));
      }
    },
    /**
     * Runs a task to its end, starting after any run of it already in flight: the plugin starts
     * some tasks itself (the entity index after a poll), and the mock scheduler's `triggerTask`
     * returns at once while the task runs. So it waits for that run, then runs the task afresh.
     */
    triggerTask: async (id: string) => {
      const current = scheduler
        .waitForTask(id)
        .catch((error: unknown) => error ?? new Error(`task ${id} failed`)); // handled at once, thrown below
      await scheduler.triggerTask(id); // runs it, or returns at once if it is running
      const failure = await current;
      if (failure) throw failure;
      await scheduler.triggerTask(id);
    },
    get: (path: string) =>
      request(backend.server)
        .get(`/api/argo-pulse${path}`)
        .set('Authorization', authHeader),
    /** Requests each instance of the simulator received since the last reset, by endpoint. */
    requests: (instance: string) =>
      simulator.instance(instance).counters.snapshot().endpoints,
    resetRequests: () =>
      DEMO_INSTANCES.forEach(i => simulator.instance(i).counters.reset()),
    stop: async () => {
      await backend.stop();
      await simulator.close();
    },
  };
}
