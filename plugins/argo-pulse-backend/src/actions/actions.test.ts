// Argo Pulse's actions through the real actions registry of a real backend: invoked over the
// registry's own HTTP route, with the token the actions service (and so the MCP actions
// backend, and `backstage-cli actions`) sends on behalf of its caller, under a policy that lets
// a user read only their team's entities and only some users read Argo CD's messages.
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { ENTITY_INDEX_TASK_ID } from '../tasks/taskIds';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import {
  DEMO_ENVIRONMENTS,
  pluginForAllTests,
  rollOut,
} from '../testing/pluginHarness';

const READ = 'argo-pulse.application.read';
const DETAIL = 'argo-pulse.application.detail.read';
/** Argo CD's message for the failed sync below: it names a secret, which is why it is detail. */
const SECRET_MESSAGE = 'secret payments-db-password not found';

/** The sample catalog's owners of the annotated entities. */
const ENTITY_OWNERS: Record<string, string> = {
  'component:default/payments-api': 'group:default/team-payments',
  'component:default/notifications-worker': 'group:default/team-payments',
  'component:default/checkout-web': 'group:default/team-storefront',
  'component:default/inventory-service': 'group:default/team-logistics',
};

/** The users calling: alice and carol are in team-payments, bob in team-storefront; only alice reads detail. */
const ALICE = 'user:default/alice';
const CAROL = 'user:default/carol';
const BOB = 'user:default/bob';
const TEAMS: Record<string, string> = {
  [ALICE]: 'group:default/team-payments',
  [CAROL]: 'group:default/team-payments',
  [BOB]: 'group:default/team-storefront',
};
const DETAIL_READERS = new Set([ALICE]);

const userOf = (credentials: BackstageCredentials) => {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  return principal.type === 'user' ? principal.userEntityRef : undefined;
};

/**
 * A policy granting "my team's entities": a service may do anything; a user
 * reads (and, if a detail reader, reads the detail of) the entities their
 * team owns, as a conditional decision (the catalog's `IS_ENTITY_OWNER`)
 * where no entity is named.
 */
const permissions = mockServices.permissions.mock({
  authorize: async (
    requests: AuthorizePermissionRequest[],
    { credentials }: { credentials: BackstageCredentials },
  ) =>
    requests.map(({ permission, resourceRef }) => {
      const user = userOf(credentials);
      if (!user) return { result: AuthorizeResult.ALLOW };
      const owns =
        resourceRef !== undefined && ENTITY_OWNERS[resourceRef] === TEAMS[user];
      const allowed =
        owns && (permission.name !== DETAIL || DETAIL_READERS.has(user));
      return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }),
  authorizeConditional: async (
    requests: QueryPermissionRequest[],
    { credentials }: { credentials: BackstageCredentials },
  ) =>
    requests.map(({ permission }) => {
      const user = userOf(credentials);
      if (!user) return { result: AuthorizeResult.ALLOW };
      if (permission.name !== READ) return { result: AuthorizeResult.DENY };
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: [TEAMS[user]] },
        },
      };
    }) as never,
});

/** The Authorization header the actions service sends to the plugin for a caller: a plugin token on their behalf. */
const onBehalfOf = (credentials: BackstageCredentials) =>
  mockCredentials.service.header({
    onBehalfOf: credentials,
    targetPluginId: 'argo-pulse',
  });
const asUser = (ref: string) => onBehalfOf(mockCredentials.user(ref));
const asService = onBehalfOf(mockCredentials.service('plugin:scaffolder'));

describeOnEachDatabase('Argo Pulse actions on %s', database => {
  const harness = pluginForAllTests(database, {
    permissions,
    config: { environments: DEMO_ENVIRONMENTS },
  });
  let expectationId: string;

  beforeAll(async () => {
    await harness.poll();
    await harness.triggerTask(ENTITY_INDEX_TASK_ID);
    const posted = await harness.post(
      '/expectations',
      {
        entityRef: 'component:default/payments-api',
        instances: ['prod'],
        images: ['ghcr.io/acme/payments-api:9.0.0'],
      },
      { Authorization: mockCredentials.service.header() },
    );
    if (posted.status !== 202)
      throw new Error(`Could not post an expectation: ${posted.text}`);
    expectationId = posted.body.id;
    rollOut(harness, 'prod', 'payments-api-prod', {
      images: ['ghcr.io/acme/payments-api:9.0.0'],
      outcome: 'sync-failed',
      failureMessage: SECRET_MESSAGE,
    });
    await harness.poll('prod');
  });

  /** Invokes `argo-pulse:<name>` as the actions service does: POST of the input to the plugin's registry route. */
  const invoke = (name: string, input: object, authorization?: string) => {
    const req = request(harness.backend.server).post(
      `/api/argo-pulse/.backstage/actions/v1/actions/${encodeURIComponent(
        `argo-pulse:${name}`,
      )}/invoke`,
    );
    return (authorization ? req.set('Authorization', authorization) : req)
      .set('Content-Type', 'application/json')
      .send(input);
  };

  describe('the registry', () => {
    it('lists the actions under the plugin id, the three that read read-only, their input and output described', async () => {
      const { status, body } = await request(harness.backend.server)
        .get('/api/argo-pulse/.backstage/actions/v1/actions')
        .set('Authorization', asUser(ALICE));
      expect(status).toBe(200);
      const actions = body.actions as Array<{
        id: string;
        pluginId: string;
        attributes: object;
        description: string;
        schema: { input: any; output: any };
      }>;
      expect(actions.map(a => a.id).sort()).toEqual([
        'argo-pulse:expect-version',
        'argo-pulse:get-deployment-status',
        'argo-pulse:get-version-matrix',
        'argo-pulse:list-deployments',
        'argo-pulse:refresh-application',
        'argo-pulse:sync-application',
        'argo-pulse:wait-for-version',
      ]);
      for (const action of actions) {
        expect(action.pluginId).toBe('argo-pulse');
        // Refresh and sync call Argo CD (see operationRoutes.test.ts); an expectation is
        // a new record, and posting it again under its key answers the first.
        const acts = /refresh-application|sync-application/.test(action.id);
        const posts = action.id === 'argo-pulse:expect-version';
        expect(action.attributes).toEqual({
          readOnly: !acts && !posts,
          idempotent: !acts,
          destructive: acts,
        });
        expect(action.description.length).toBeGreaterThan(100);
        // An MCP tool's input schema must be an object at its root.
        expect(action.schema.input.type).toBe('object');
        expect(action.schema.output.type).toBe('object');
        for (const property of Object.values<any>(
          action.schema.input.properties,
        ))
          expect(property.description).toEqual(expect.any(String));
      }
      const status_ = actions.find(
        a => a.id === 'argo-pulse:get-deployment-status',
      )!;
      expect(status_.schema.input.required).toEqual(['entityRef']);
      expect(
        status_.schema.output.properties.applications.items.properties
          .lastDeployment.properties.result.properties.status.enum,
      ).toContain('healthy');
    });

    it('refuses a caller whose token does not authenticate', async () => {
      const { status } = await invoke(
        'get-deployment-status',
        { entityRef: 'payments-api' },
        mockCredentials.service.invalidHeader(),
      );
      expect(status).toBe(401);
    });
  });

  describe('get-deployment-status', () => {
    type Application = {
      instance: string;
      name: string;
      environment: string;
      sync: { status: string };
      health: { status: string; message?: string };
      operation?: { phase: string; message?: string };
      images: string[];
      lastDeployment?: {
        outcome: string;
        syncResult?: { phase: string; message?: string };
        result?: { status: string };
      };
      latestExpectation?: {
        id: string;
        state: string;
        reason?: string;
        message?: string;
      };
    };
    const byInstance = (applications: Application[], instance: string) =>
      applications.find(app => app.instance === instance)!;

    it("answers an entity's applications per environment with their last deployment and expectation, Argo CD's messages for a detail reader", async () => {
      const { status, body } = await invoke(
        'get-deployment-status',
        { entityRef: 'payments-api' },
        asUser(ALICE),
      );
      expect(status).toBe(200);
      const { output } = body;
      expect(output).toMatchObject({
        entityRef: 'component:default/payments-api',
        detailIncluded: true,
      });
      const applications = output.applications as Application[];
      expect(applications.map(app => app.environment)).toEqual([
        'development',
        'staging',
        'production',
      ]);
      expect(output.instances).toEqual([
        expect.objectContaining({ instance: 'dev', stale: false }),
        expect.objectContaining({ instance: 'staging', stale: false }),
        expect.objectContaining({ instance: 'prod', stale: false }),
      ]);
      const dev = byInstance(applications, 'dev');
      expect(dev).toMatchObject({
        name: 'payments-api-dev',
        sync: { status: expect.any(String) },
        health: { status: expect.any(String) },
        lastDeployment: { outcome: 'Succeeded' },
      });
      expect(dev.images).not.toHaveLength(0);
      expect(dev.latestExpectation).toBeUndefined();
      const prod = byInstance(applications, 'prod');
      expect(prod.operation).toMatchObject({
        phase: 'Failed',
        message: expect.stringContaining(SECRET_MESSAGE),
      });
      expect(prod.lastDeployment).toMatchObject({
        outcome: 'Failed',
        syncResult: { message: expect.stringContaining(SECRET_MESSAGE) },
        result: { status: 'failed' },
      });
      expect(prod.latestExpectation).toMatchObject({
        id: expectationId,
        state: 'failed',
        reason: 'sync-failed',
        message: expect.stringContaining(SECRET_MESSAGE),
      });
    });

    it("answers an owner without the detail permission the same states, none of Argo CD's messages", async () => {
      const { status, body } = await invoke(
        'get-deployment-status',
        { entityRef: 'component:default/payments-api' },
        asUser(CAROL),
      );
      expect(status).toBe(200);
      expect(body.output.detailIncluded).toBe(false);
      const prod = byInstance(body.output.applications, 'prod');
      expect(prod.operation).toEqual(
        expect.objectContaining({ phase: 'Failed' }),
      );
      expect(prod.lastDeployment?.result).toMatchObject({ status: 'failed' });
      expect(prod.latestExpectation).toMatchObject({
        state: 'failed',
        reason: 'sync-failed',
      });
      expect(JSON.stringify(body)).not.toContain('payments-db-password');
    });

    it('refuses a user who may not read the entity, and tells nothing of it', async () => {
      const { status, body } = await invoke(
        'get-deployment-status',
        { entityRef: 'payments-api' },
        asUser(BOB),
      );
      expect(status).toBe(403);
      expect(body.error).toMatchObject({
        name: 'NotAllowedError',
        message: `Not allowed: ${READ} on component:default/payments-api`,
      });
      expect(JSON.stringify(body)).not.toContain('payments-api-prod');
    });

    it('answers a service by its own grants', async () => {
      const { status, body } = await invoke(
        'get-deployment-status',
        { entityRef: 'component:default/checkout-web' },
        asService,
      );
      expect(status).toBe(200);
      expect(body.output).toMatchObject({
        entityRef: 'component:default/checkout-web',
        detailIncluded: true,
      });
      expect(
        body.output.applications.map((app: Application) => app.name),
      ).toEqual([
        'checkout-web-dev',
        'checkout-web-staging',
        'checkout-web-prod',
      ]);
    });

    it('answers 404 for an entity the catalog does not know', async () => {
      const { status, body } = await invoke(
        'get-deployment-status',
        { entityRef: 'component:default/nope' },
        asUser(ALICE),
      );
      expect(status).toBe(404);
      expect(body.error.message).toBe('No entity component:default/nope');
    });
  });

  describe('list-deployments', () => {
    type Item = {
      type: string;
      entityRef: string;
      deployment?: { instance: string };
    };
    const entitiesOf = (items: Item[]) =>
      [...new Set(items.map(item => item.entityRef))].sort();

    it('answers "what went wrong" by result: the failed sync of beforeAll, no expectation', async () => {
      const { status, body } = await invoke(
        'list-deployments',
        { result: ['degraded', 'failed'], limit: 100 },
        asUser(ALICE),
      );
      expect(status).toBe(200);
      const items = body.output.items as Array<{
        type: string;
        deployment?: { application: string; result?: { status: string } };
      }>;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every(item => item.type === 'deployment')).toBe(true);
      expect(items.map(item => item.deployment?.result?.status)).not.toContain(
        'healthy',
      );
      expect(items.map(item => item.deployment?.application)).toContain(
        'payments-api-prod',
      );
    });

    it("lists only the caller's team's entities, whatever the filters ask", async () => {
      const all = await invoke(
        'list-deployments',
        { limit: 100 },
        asUser(CAROL),
      );
      expect(all.status).toBe(200);
      expect(entitiesOf(all.body.output.items)).toEqual([
        'component:default/notifications-worker',
        'component:default/payments-api',
      ]);
      const other = await invoke(
        'list-deployments',
        { entity: ['checkout-web'] },
        asUser(CAROL),
      );
      expect(other.body.output.items).toEqual([]);
      const bobs = await invoke(
        'list-deployments',
        { limit: 100 },
        asUser(BOB),
      );
      expect(entitiesOf(bobs.body.output.items)).toEqual([
        'component:default/cart-api',
        'component:default/checkout-web',
      ]);
    });

    it("shows Argo CD's messages only to a detail reader", async () => {
      const input = {
        entity: ['payments-api'],
        outcome: ['failed'],
      };
      const alice = await invoke('list-deployments', input, asUser(ALICE));
      const carol = await invoke('list-deployments', input, asUser(CAROL));
      expect(alice.body.output.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'deployment',
            deployment: expect.objectContaining({
              syncResult: expect.objectContaining({
                message: expect.stringContaining(SECRET_MESSAGE),
              }),
            }),
          }),
          expect.objectContaining({
            type: 'expectation',
            expectation: expect.objectContaining({
              id: expectationId,
              message: expect.stringContaining(SECRET_MESSAGE),
            }),
          }),
        ]),
      );
      expect(carol.body.output.items).toHaveLength(
        alice.body.output.items.length,
      );
      expect(JSON.stringify(carol.body)).not.toContain('payments-db-password');
    });

    it('filters by owner, environment and type, and pages with nextOffset', async () => {
      const storefront = await invoke(
        'list-deployments',
        { owner: ['team-storefront'], limit: 100 },
        asService,
      );
      expect(entitiesOf(storefront.body.output.items)).toEqual([
        'component:default/cart-api',
        'component:default/checkout-web',
      ]);
      const production = await invoke(
        'list-deployments',
        { environment: ['production'], type: ['deployment'], limit: 100 },
        asService,
      );
      const items = production.body.output.items as Item[];
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(items.map(item => item.deployment!.instance))).toEqual(
        new Set(['prod']),
      );
      const staging = await invoke(
        'list-deployments',
        { argoCdInstance: ['staging'], type: ['deployment'], limit: 100 },
        asService,
      );
      expect(
        new Set(
          (staging.body.output.items as Item[]).map(
            item => item.deployment!.instance,
          ),
        ),
      ).toEqual(new Set(['staging']));
      // An instance outside the environments asked for: nothing.
      const neither = await invoke(
        'list-deployments',
        { environment: ['production'], argoCdInstance: ['dev'] },
        asService,
      );
      expect(neither.body.output.items).toEqual([]);
      const first = await invoke('list-deployments', { limit: 2 }, asService);
      expect(first.body.output).toMatchObject({ nextOffset: 2 });
      expect(first.body.output.items).toHaveLength(2);
    });

    it('refuses an unknown environment, naming the known ones', async () => {
      const { status, body } = await invoke(
        'list-deployments',
        { environment: ['prod-eu'] },
        asService,
      );
      expect(status).toBe(400);
      expect(body.error.message).toBe(
        'Unknown environment "prod-eu" (known: development, staging, production)',
      );
    });
  });

  describe('get-version-matrix', () => {
    it("answers a team's entities per environment, only those the caller may read", async () => {
      const { status, body } = await invoke(
        'get-version-matrix',
        { owner: ['team-payments'] },
        asUser(CAROL),
      );
      expect(status).toBe(200);
      expect(body.output.environments).toEqual([
        'development',
        'staging',
        'production',
      ]);
      expect(
        body.output.entities.map((e: { entityRef: string }) => e.entityRef),
      ).toEqual([
        'component:default/notifications-worker',
        'component:default/payments-api',
      ]);
      const payments = body.output.entities[1];
      expect(payments.rows[0]).toMatchObject({
        repository: 'ghcr.io/acme/payments-api',
        cells: [
          { environment: 'development', versions: [expect.any(Object)] },
          { environment: 'staging', versions: expect.any(Array) },
          { environment: 'production', versions: expect.any(Array) },
        ],
      });
      expect(payments.drift).toEqual(expect.any(Array));
      const hidden = await invoke(
        'get-version-matrix',
        { entity: ['payments-api'] },
        asUser(BOB),
      );
      expect(hidden.body.output.entities).toEqual([]);
    });

    it("answers a system's entities to a service", async () => {
      const { body } = await invoke(
        'get-version-matrix',
        { system: ['payments'] },
        asService,
      );
      expect(
        body.output.entities.map((e: { entityRef: string }) => e.entityRef),
      ).toEqual(['component:default/payments-api']);
    });
  });

  describe('expect-version and wait-for-version', () => {
    const expected = {
      entityRef: 'payments-api',
      instances: ['staging'],
      images: ['ghcr.io/acme/payments-api:9.1.0'],
      revision: 'a1b2c3d',
      idempotencyKey: 'release-9.1.0',
    };

    it("posts what CI posts under the caller's key, and the wait answers the verdict when the rollout lands", async () => {
      const posted = await invoke('expect-version', expected, asUser(ALICE));
      expect(posted.status).toBe(200);
      const { id, expectation } = posted.body.output;
      expect(expectation).toMatchObject({
        id,
        entityRef: 'component:default/payments-api',
        applications: [{ instance: 'staging', name: 'payments-api-staging' }],
        images: ['ghcr.io/acme/payments-api:9.1.0'],
        state: 'pending',
        revision: 'a1b2c3d',
      });
      // A retry under the same key is the same expectation. Another caller's key is their own:
      // carol's post is a second expectation, and the newer one supersedes alice's.
      const again = await invoke('expect-version', expected, asUser(ALICE));
      expect(again.body.output.id).toBe(id);
      const carols = await invoke('expect-version', expected, asUser(CAROL));
      const carolsId = carols.body.output.id;
      expect(carolsId).not.toBe(id);

      const waiting = invoke(
        'wait-for-version',
        { id: carolsId, timeoutSeconds: 120 },
        asUser(CAROL),
      ).then(response => response);
      rollOut(harness, 'staging', 'payments-api-staging', {
        images: ['ghcr.io/acme/payments-api:9.1.0'],
      });
      await harness.poll('staging');
      const { status, body } = await waiting;
      expect(status).toBe(200);
      expect(body.output).toMatchObject({
        settled: true,
        expectation: { id: carolsId, state: 'deployed' },
      });
      // Waiting for a settled expectation answers at once.
      const superseded = await invoke(
        'wait-for-version',
        { id },
        asUser(ALICE),
      );
      expect(superseded.body.output).toMatchObject({
        settled: true,
        expectation: { id, state: 'superseded' },
      });
    });

    it("posts and waits with a service's credentials (a template, CI through the registry)", async () => {
      const posted = await invoke(
        'expect-version',
        {
          application: { instance: 'dev', name: 'checkout-web-dev' },
          images: ['ghcr.io/acme/checkout-web:7.7.7'],
          timeoutSeconds: 60,
          idempotencyKey: 'service-run-1',
        },
        asService,
      );
      expect(posted.status).toBe(200);
      expect(posted.body.output.expectation).toMatchObject({
        applications: [{ instance: 'dev', name: 'checkout-web-dev' }],
        state: 'pending',
      });
      expect(posted.body.output.expectation.entityRef).toBeUndefined();
      // The payments-api expectation of beforeAll, failed at its sync: answered at once.
      const waited = await invoke(
        'wait-for-version',
        { id: expectationId },
        asService,
      );
      expect(waited.body.output).toMatchObject({
        settled: true,
        expectation: { state: 'failed', reason: 'sync-failed' },
      });
    });

    it("refuses to post for, or wait on, another team's entity", async () => {
      const refused = await invoke('expect-version', expected, asUser(BOB));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'Not allowed: argo-pulse.expectation.create on component:default/payments-api',
      );
      const waited = await invoke(
        'wait-for-version',
        { id: expectationId },
        asUser(BOB),
      );
      expect(waited.status).toBe(403);
      expect(waited.body.error.message).toBe(
        'Not allowed: argo-pulse.application.read on component:default/payments-api',
      );
    });

    it.each<[string, object, number, string]>([
      [
        'an image that is no image reference',
        { ...expected, images: ['Not An Image!'] },
        400,
        'images',
      ],
      [
        'neither an entity nor an application',
        { images: expected.images, idempotencyKey: 'k' },
        400,
        'give entityRef, application, or both',
      ],
      [
        'a key with spaces',
        { ...expected, idempotencyKey: 'my release' },
        400,
        'must be 1 to 255 printable characters without spaces',
      ],
      [
        'no key',
        { ...expected, idempotencyKey: undefined },
        400,
        'idempotencyKey',
      ],
    ])('expect-version refuses %s', async (_what, input, status, message) => {
      const response = await invoke('expect-version', input, asUser(ALICE));
      expect(response.status).toBe(status);
      expect(response.body.error.message).toContain(message);
    });

    it('wait-for-version refuses an unknown id, one that is no id, and too long a wait', async () => {
      const unknown = await invoke(
        'wait-for-version',
        { id: '00000000-0000-4000-8000-000000000000' },
        asUser(ALICE),
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        'No expectation 00000000-0000-4000-8000-000000000000',
      );
      const notAnId = await invoke(
        'wait-for-version',
        { id: 'e1' },
        asUser(ALICE),
      );
      expect(notAnId.status).toBe(400);
      expect(notAnId.body.error.message).toContain(
        'must be an expectation id (a UUID)',
      );
      const tooLong = await invoke(
        'wait-for-version',
        { id: expectationId, timeoutSeconds: 3600 },
        asUser(ALICE),
      );
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toContain(
        'must be at most 900 seconds',
      );
    });
  });

  describe('input the schemas refuse', () => {
    it.each<[string, object, Array<string | number>, string]>([
      [
        'list-deployments',
        { limit: 1000 },
        ['limit'],
        'limit must be at most 100',
      ],
      [
        'get-deployment-status',
        { entityRef: 'component:' },
        ['entityRef'],
        'must be an entity reference such as component:default/payments-api',
      ],
      ['get-deployment-status', {}, ['entityRef'], 'Required'],
      ['list-deployments', { from: 'yesterday' }, ['from'], 'Invalid datetime'],
      [
        'list-deployments',
        { outcome: ['superb'] },
        ['outcome', 0],
        'Invalid enum',
      ],
      [
        'get-version-matrix',
        { color: 'blue' },
        [],
        "Unrecognized key(s) in object: 'color'",
      ],
    ])('%s refuses %j, naming %j', async (name, input, path, message) => {
      const { status, body } = await invoke(name, input, asUser(ALICE));
      expect(status).toBe(400);
      // The registry's message quotes zod's issues: each names the field and what is wrong.
      expect(body.error.name).toBe('InputError');
      const [prefix, issues] = (body.error.message as string).split(
        '; caused by ',
      );
      expect(prefix).toBe(`Invalid input to action "argo-pulse:${name}"`);
      expect(JSON.parse(issues)).toEqual([
        expect.objectContaining({
          path,
          message: expect.stringContaining(message),
        }),
      ]);
    });

    it('refuses from later than to', async () => {
      const { status, body } = await invoke(
        'list-deployments',
        { from: '2026-11-30T12:00:00Z', to: '2026-11-30T11:00:00Z' },
        asUser(ALICE),
      );
      expect(status).toBe(400);
      expect(body.error.message).toBe('from must not be later than to');
    });
  });
});
