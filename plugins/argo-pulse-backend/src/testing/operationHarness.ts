import type {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  gitApp,
  startTestSimulator,
  TEST_TOKEN,
} from '@argo-pulse/argocd-simulator/testing';
import request from 'supertest';
import { argoPulsePlugin } from '../plugin';
import {
  detailTaskId,
  ENTITY_INDEX_TASK_ID,
  pollTaskId,
} from '../tasks/taskIds';
import { startedForEachTest } from './aroundTests';
import type { TestDatabase } from './eachDatabase';

/** alice is in team-payments (owns payments-api), bob in team-storefront (owns checkout-web). */
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
const TEAMS: Record<string, string> = {
  [ALICE]: 'group:default/team-payments',
  [BOB]: 'group:default/team-storefront',
};
const OWNERS: Record<string, string> = {
  'component:default/payments-api': 'group:default/team-payments',
  'component:default/checkout-web': 'group:default/team-storefront',
};
const READ = 'argo-pulse.application.read';

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'argocd/app-selector': `backstage.io/component=${name}` },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const labelled = (component_: string) => ({
  labels: { 'backstage.io/component': component_ },
});

/**
 * The simulator's scenario: `prod` (the plugin's token may do anything) with
 * payments-api-prod (auto-sync off, ten deployments in its history: Argo CD's
 * limit), payments-api-canary (auto-sync on) and checkout-web-prod; `ro`,
 * whose token may only read, with payments-api-ro.
 */
const SCENARIO = {
  instances: [
    {
      name: 'prod',
      auth: { tokens: [TEST_TOKEN] },
      applications: [
        gitApp('payments-api-prod', {
          ...labelled('payments-api'),
          autoSync: false,
          historyDepth: 10,
        }),
        gitApp('payments-api-canary', {
          ...labelled('payments-api'),
          historyDepth: 3,
        }),
        gitApp('checkout-web-prod', labelled('checkout-web')),
      ],
    },
    {
      name: 'ro',
      auth: { tokens: [{ token: TEST_TOKEN, rbac: ['get' as const] }] },
      applications: [
        gitApp('payments-api-ro', {
          ...labelled('payments-api'),
          autoSync: false,
        }),
      ],
    },
  ],
};

/** An audit event as the plugin created it, and how it ended. */
export interface RecordedAuditEvent {
  options: AuditorServiceCreateEventOptions;
  outcome?: 'success' | 'fail';
  meta?: JsonObject;
  error?: Error;
}

const userOf = (credentials: BackstageCredentials) => {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  return principal.type === 'user' ? principal.userEntityRef : undefined;
};

/**
 * A real backend with the plugin on `database`, a simulator of its own
 * (syncs run only as far as `finishOperation` takes them), the two
 * entities, a policy that lets every user read and only an entity's owners do
 * anything else (a service may do everything), and an auditor that records.
 */
async function start(database: TestDatabase) {
  const simulator = await startTestSimulator(SCENARIO, {
    // An operation runs until a test finishes it (`finishOperation`): "another operation" is certain.
    phaseDurations: { outOfSync: 60_000, syncing: 60_000, progressing: 60_000 },
  });
  const audits: RecordedAuditEvent[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async options => {
      const event: RecordedAuditEvent = { options };
      audits.push(event);
      return {
        success: async o => {
          event.outcome = 'success';
          event.meta = o?.meta;
        },
        fail: async o => {
          event.outcome = 'fail';
          event.meta = o.meta;
          event.error = o.error;
        },
      };
    },
  });
  const permissions = mockServices.permissions.mock({
    authorize: async (
      requests: AuthorizePermissionRequest[],
      { credentials }: { credentials: BackstageCredentials },
    ) =>
      requests.map(({ permission, resourceRef }) => {
        const user = userOf(credentials);
        if (!user || permission.name === READ)
          return { result: AuthorizeResult.ALLOW };
        const owns =
          resourceRef !== undefined && OWNERS[resourceRef] === TEAMS[user];
        return { result: owns ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      }),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })) as never,
  });
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
    waitForTask(id: string): Promise<void>;
  };
  const backend = await startTestBackend({
    features: [
      argoPulsePlugin,
      mockServices.rootConfig.factory({
        data: {
          argoPulse: {
            instances: ['prod', 'ro'].map(name => ({
              name,
              url: simulator.instanceUrl(name),
              token: TEST_TOKEN,
            })),
          },
        },
      }),
      mockServices.database.factory({ knex: await database.knex() }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({
        entities: [
          component('payments-api', 'group:default/team-payments'),
          component('checkout-web', 'group:default/team-storefront'),
        ],
      }),
      permissions.factory,
      auditor.factory,
    ],
  });
  // The mock auth service reads a bare request as a mock user: "none" is its header for no credentials.
  const as = (user?: string) => ({
    Authorization: user
      ? mockCredentials.user.header(user)
      : mockCredentials.none.header(),
  });
  const appPath = (entity: string, instance: string, app: string) =>
    `/api/argo-pulse/entities/component/default/${entity}/applications/${instance}/argocd/${app}`;
  return {
    simulator,
    backend,
    audits,
    /** Polls each named instance (both by default) and reads its detail, as the scheduler would. */
    poll: async (...names: string[]) => {
      for (const name of names.length ? names : ['prod', 'ro']) {
        await scheduler.triggerTask(pollTaskId(name));
        await scheduler.triggerTask(detailTaskId(name));
      }
    },
    /** Builds the entity index (for the portal's feed), after any run of it the first poll started. */
    indexEntities: async () => {
      // As the shared harness's triggerTask: the mock's trigger returns at once while a run is in flight.
      const current = scheduler.waitForTask(ENTITY_INDEX_TASK_ID);
      await scheduler.triggerTask(ENTITY_INDEX_TASK_ID);
      await current;
      await scheduler.triggerTask(ENTITY_INDEX_TASK_ID);
    },
    /** POST of an operation on one of an entity's applications, as a user (none: no credentials). */
    operate: (
      user: string | undefined,
      entity: string,
      instance: string,
      app: string,
      action: string,
      body?: unknown,
    ) => {
      const req = request(backend.server)
        .post(`${appPath(entity, instance, app)}/${action}`)
        .set(as(user));
      return body === undefined ? req : req.send(body as object);
    },
    get: (path: string, user = ALICE) =>
      request(backend.server).get(`/api/argo-pulse${path}`).set(as(user)),
    /** Invokes `argo-pulse:<name>` as the actions service does, on behalf of a user. */
    invoke: (name: string, input: object, user: string) =>
      request(backend.server)
        .post(
          `/api/argo-pulse/.backstage/actions/v1/actions/${encodeURIComponent(
            `argo-pulse:${name}`,
          )}/invoke`,
        )
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.user(user),
            targetPluginId: 'argo-pulse',
          }),
        )
        .set('Content-Type', 'application/json')
        .send(input),
    /** Runs the operation Argo CD is running on an application to its end. */
    finishOperation: (instance: string, app: string) => {
      const sim = simulator.instance(instance);
      for (let step = 0; step < 20; step++) {
        const status = sim.rollouts.advance(sim.application(app));
        if (!status || status.done) return;
      }
    },
    /** The write calls an instance received: refresh, sync, rollback. */
    calls: (instance: string, operation?: string) =>
      simulator.instance(instance).calls.list(operation ? { operation } : {}),
    stop: async () => {
      await backend.stop();
      await simulator.close();
    },
  };
}

export type OperationHarness = Awaited<ReturnType<typeof start>>;

/** A backend and a simulator of their own for each test, on `database`, polled once. */
export function operationHarnessForEachTest(
  database: TestDatabase,
): OperationHarness {
  const harness = startedForEachTest(
    () => start(database),
    h => h.stop(),
  );
  beforeEach(async () => {
    await harness.poll();
  });
  return harness;
}
