import type {
  AuthorizePermissionRequest,
  QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockServices } from '@backstage/backend-test-utils';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { pluginForAllTests } from '../testing/pluginHarness';

/** The policy below grants or denies by permission name, as a test sets it. */
describeOnEachDatabase('permissions on %s', database => {
  const denied = new Set<string>();
  /** A conditional policy as the permission backend resolves it: allowed for these entities only (e.g. "owned by my group"). */
  let onlyFor: { permission: string; entities: string[] } | undefined;
  let conditionalFor = new Set<string>();
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: AuthorizePermissionRequest[]) =>
      requests.map(r => {
        const conditional =
          onlyFor?.permission === r.permission.name &&
          !onlyFor.entities.includes(r.resourceRef ?? '');
        return {
          result:
            denied.has(r.permission.name) || conditional
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        };
      }),
    authorizeConditional: async (requests: QueryPermissionRequest[]) =>
      requests.map(r =>
        conditionalFor.has(r.permission.name)
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: ['group:default/team-payments'] },
              },
            }
          : {
              result: denied.has(r.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            },
      ) as never,
  });
  const harness = pluginForAllTests(database, {
    permissions,
  });
  const body = {
    entityRef: 'component:default/payments-api',
    instances: ['prod'],
    images: ['ghcr.io/acme/payments-api:3.0.0'],
  };

  beforeAll(() => harness.poll());
  afterEach(() => {
    denied.clear();
    conditionalFor = new Set();
    onlyFor = undefined;
  });

  it('the instances need argo-pulse.instance.read, a basic permission', async () => {
    expect((await harness.get('/instances')).status).toBe(200);
    denied.add('argo-pulse.instance.read');
    const refused = await harness.get('/instances');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Not allowed: argo-pulse.instance.read',
    );
  });

  describe('every entity route: allowed, denied, and decided per entity by a conditional policy', () => {
    const payments = '/entities/component/default/payments-api';
    const checkout = '/entities/component/default/checkout-web';
    it.each([
      [
        'overview',
        'argo-pulse.application.read',
        '/applications',
        '/applications',
      ],
      ['history', 'argo-pulse.application.read', '/history', '/history'],
      [
        'expectations',
        'argo-pulse.application.read',
        '/expectations',
        '/expectations',
      ],
      [
        'detail',
        'argo-pulse.application.detail.read',
        '/applications/prod/argocd/payments-api-prod',
        '/applications/prod/argocd/checkout-web-prod',
      ],
    ])(
      '%s needs %s',
      async (_route, permission, paymentsPath, checkoutPath) => {
        expect((await harness.get(`${payments}${paymentsPath}`)).status).toBe(
          200,
        );

        denied.add(permission);
        const refused = await harness.get(`${payments}${paymentsPath}`);
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toBe(
          `Not allowed: ${permission} on component:default/payments-api`,
        );
        denied.clear();

        onlyFor = { permission, entities: ['component:default/payments-api'] };
        expect((await harness.get(`${payments}${paymentsPath}`)).status).toBe(
          200,
        );
        expect((await harness.get(`${checkout}${checkoutPath}`)).status).toBe(
          403,
        );
      },
    );

    it("history carries a sync's message only for those who may read detail", async () => {
      const messages = async () =>
        (
          (await harness.get(`${payments}/history?limit=100`)).body
            .items as Array<{
            syncResult?: { phase: string; message?: string };
          }>
        )
          .filter(d => d.syncResult)
          .map(d => d.syncResult!.message);
      expect((await messages()).some(Boolean)).toBe(true);
      denied.add('argo-pulse.application.detail.read');
      const withoutDetail = await messages();
      expect(withoutDetail.length).toBeGreaterThan(0);
      expect(withoutDetail.every(m => m === undefined)).toBe(true);
    });

    it('without detail permission the overview still answers, and carries no detail', async () => {
      denied.add('argo-pulse.application.detail.read');
      const overview = await harness.get(`${payments}/applications`);
      expect(overview.status).toBe(200);
      expect(overview.body.applications[0]).not.toHaveProperty('sources');
    });
  });

  it('posting asks for argo-pulse.expectation.create with the entity as the resource, so conditional policies apply', async () => {
    permissions.authorize.mockClear();
    expect((await harness.post('/expectations', body)).status).toBe(202);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'argo-pulse.expectation.create',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/payments-api',
        },
      ],
      expect.anything(),
    );
  });

  it('a caller without argo-pulse.expectation.create gets 403, and nothing is stored', async () => {
    denied.add('argo-pulse.expectation.create');
    const response = await harness.post('/expectations', {
      ...body,
      images: ['ghcr.io/acme/payments-api:3.0.1'],
    });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Not allowed: argo-pulse.expectation.create on component:default/payments-api',
    );
    denied.clear();
    const list = await harness.get(
      '/entities/component/default/payments-api/expectations',
    );
    expect(
      list.body.items.map((e: { images: string[] }) => e.images[0]),
    ).not.toContain('ghcr.io/acme/payments-api:3.0.1');
  });

  it('without an entity, a conditional grant is not enough: 403', async () => {
    conditionalFor.add('argo-pulse.expectation.create');
    const response = await harness.post('/expectations', {
      application: { instance: 'prod', name: 'payments-api-prod' },
      images: ['ghcr.io/acme/payments-api:3.0.2'],
    });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Not allowed: argo-pulse.expectation.create without an entity needs an unconditional grant',
    );
  });

  it('without an entity, an unconditional grant posts', async () => {
    const response = await harness.post('/expectations', {
      application: { instance: 'prod', name: 'payments-api-prod' },
      images: ['ghcr.io/acme/payments-api:3.0.3'],
    });
    expect(response.status).toBe(202);
  });

  describe('an argo-watcher task is decided on the entity of its application', () => {
    const postTask = (app: string, tag: string) =>
      harness.post('/compat/argo-watcher/api/v1/tasks', {
        app,
        author: 'ci-bot',
        project: 'acme',
        images: [{ image: `ghcr.io/acme/${app}`, tag }],
      });
    /** argo-watcher's client reads a refusal as a 403 with the reason in `error`. */
    const expectTaskRefused = async (
      app: string,
      tag: string,
      error: string,
    ) => {
      const refused = await postTask(app, tag);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe(error);
    };

    it("a conditional grant (owners of payments-api only) posts for payments-api's application and is refused checkout-web's", async () => {
      conditionalFor.add('argo-pulse.expectation.create');
      onlyFor = {
        permission: 'argo-pulse.expectation.create',
        entities: ['component:default/payments-api'],
      };
      expect((await postTask('payments-api-prod', '3.2.0')).status).toBe(202);
      await expectTaskRefused(
        'checkout-web-prod',
        '3.2.0',
        'Not allowed: argo-pulse.expectation.create on component:default/checkout-web',
      );
    });

    it('a conditional grant cannot store a task for an application in no instance, which has no entity', async () => {
      conditionalFor.add('argo-pulse.expectation.create');
      await expectTaskRefused(
        'nowhere-prod',
        '1.0.0',
        'Not allowed: argo-pulse.expectation.create without an entity needs an unconditional grant',
      );
    });

    it('a caller denied outright is refused before anything is looked up', async () => {
      denied.add('argo-pulse.expectation.create');
      harness.resetRequests();
      await expectTaskRefused(
        'nowhere-prod',
        '1.0.0',
        'Not allowed: argo-pulse.expectation.create',
      );
      // An unknown application would have made it poll every instance once more.
      expect(harness.requests('prod')).toEqual({});
    });
  });

  it("an entity's overview and history need argo-pulse.application.read on the entity", async () => {
    permissions.authorize.mockClear();
    expect(
      (
        await harness.get(
          '/entities/component/default/payments-api/applications',
        )
      ).status,
    ).toBe(200);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'argo-pulse.application.read',
          }),
          resourceRef: 'component:default/payments-api',
        },
      ],
      expect.anything(),
    );
    denied.add('argo-pulse.application.read');
    for (const path of ['applications', 'history']) {
      const response = await harness.get(
        `/entities/component/default/payments-api/${path}`,
      );
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'Not allowed: argo-pulse.application.read on component:default/payments-api',
      );
    }
  });

  it('reading an expectation or an entity list needs argo-pulse.application.read; cancelling needs create', async () => {
    const posted = (
      await harness.post('/expectations', {
        ...body,
        images: ['ghcr.io/acme/payments-api:3.1.0'],
      })
    ).body;
    denied.add('argo-pulse.application.read');
    expect((await harness.get(`/expectations/${posted.id}`)).status).toBe(403);
    expect(
      (
        await harness.get(
          '/entities/component/default/payments-api/expectations',
        )
      ).status,
    ).toBe(403);
    denied.clear();
    denied.add('argo-pulse.expectation.create');
    expect(
      (await harness.post(`/expectations/${posted.id}/cancel`, {})).status,
    ).toBe(403);
    denied.clear();
    expect((await harness.get(`/expectations/${posted.id}`)).body.state).toBe(
      'pending',
    );
  });
});
