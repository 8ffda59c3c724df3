import type {
  ArgoPulseApplicationDetail,
  EntityApplicationsResponse,
  EntityHistoryResponse,
  InstancesResponse,
} from '@argo-pulse/backstage-plugin-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { PRUNE_HISTORY_TASK_ID } from './tasks/taskIds';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { pluginForAllTests, rollOut } from './testing/pluginHarness';
import {
  APPLICATION_SETS,
  GET,
  LIST,
  LOGIN,
  METADATA,
  RESOURCE,
  TREE,
} from './testing/argoCdEndpoints';

const count = (endpoints: Record<string, { requests: number }>, key: string) =>
  endpoints[key]?.requests ?? 0;

// One scenario in steps (a first poll, then what it stored, then changes): its tests run in order.
// eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
describe('the argo-pulse backend plugin, in order', { shuffle: false }, () => {
  describeOnEachDatabase('the argo-pulse backend plugin on %s', database => {
    const harness = pluginForAllTests(database, {
      config: {
        polling: { requestTimeout: { milliseconds: 300 } },
        history: { retention: { days: 4 } },
      },
      extraEntities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'misconfigured',
            namespace: 'default',
            annotations: {
              'argocd/app-name': 'payments-api-prod',
              'argocd/app-selector': 'team=payments',
            },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: 'group:default/team-payments',
          },
        },
      ],
    });
    const overview = async (name: string) => {
      const response = await harness.get(
        `/entities/component/default/${name}/applications`,
      );
      expect(response.status).toBe(200);
      return response.body as EntityApplicationsResponse;
    };
    const history = async (name: string, query = '') => {
      const response = await harness.get(
        `/entities/component/default/${name}/history${query}`,
      );
      expect(response.status).toBe(200);
      return response.body as EntityHistoryResponse;
    };
    const expectNotFound = async (path: string, message: string) => {
      const response = await harness.get(path);
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(message);
    };

    it('first poll: one full list per instance and no GET; then the detail task reads each tree, the commit metadata of git sources and the Rollout of a canary', async () => {
      await harness.poll();
      expect(harness.requests('dev')).toMatchObject({
        [LIST]: { requests: 1 },
        [TREE]: { requests: 4 },
      });
      expect(count(harness.requests('dev'), GET)).toBe(0);
      // git sources of dev: payments-api-dev and notifications-worker-dev; the other two are Helm charts.
      expect(count(harness.requests('dev'), METADATA)).toBe(2);
      expect(harness.requests('staging')).toMatchObject({
        [LIST]: { requests: 1 },
        [TREE]: { requests: 3 },
      });
      expect(harness.requests('prod')).toMatchObject({
        [LOGIN]: { requests: 1 },
        [LIST]: { requests: 1 },
        [TREE]: { requests: 6 },
      });
      expect(count(harness.requests('prod'), GET)).toBe(0);
      // prod's cart-api-prod is an Argo Rollouts canary: its Rollout is read once; dev and staging have none.
      expect(count(harness.requests('prod'), RESOURCE)).toBe(1);
      expect(count(harness.requests('dev'), RESOURCE)).toBe(0);
      expect(count(harness.requests('staging'), RESOURCE)).toBe(0);
    });

    it('serves an entity overview from the store', async () => {
      const body = await overview('payments-api');
      expect(body.entityRef).toBe('component:default/payments-api');
      expect(body.applications.map(a => `${a.instance}/${a.name}`)).toEqual([
        'dev/payments-api-dev',
        'staging/payments-api-staging',
        'prod/payments-api-prod',
      ]);
      const prod = body.applications.find(a => a.instance === 'prod')!;
      expect(prod).toMatchObject({
        namespace: 'argocd',
        project: 'payments',
        sync: {
          status: 'Synced',
          revisions: [expect.stringMatching(/^[0-9a-f]{40}$/)],
        },
        health: { status: 'Healthy' },
        operation: { phase: 'Succeeded' },
        images: ['ghcr.io/acme/payments-api:1.7.4'],
        argoCdUrl: `${harness.simulator.instanceUrl(
          'prod',
        )}/applications/argocd/payments-api-prod`,
      });
      expect(prod.lastDeployedAt).toMatch(/Z$/);
      // Detail stays on the detail route (operation messages follow the permission: permissions.test.ts).
      for (const app of body.applications) {
        expect(app).not.toHaveProperty('sources');
        expect(app).not.toHaveProperty('resources');
        expect(app).not.toHaveProperty('conditions');
      }
      expect(body.instances.map(i => [i.instance, i.stale, i.error])).toEqual([
        ['dev', false, undefined],
        ['staging', false, undefined],
        ['prod', false, undefined],
      ]);
    });

    it('resolves names, selectors, instance and project filters locally', async () => {
      expect(
        (await overview('checkout-web')).applications.map(a => a.name),
      ).toEqual([
        'checkout-web-dev',
        'checkout-web-staging',
        'checkout-web-prod',
      ]);
      expect((await overview('inventory-service')).applications).toHaveLength(
        4,
      );
      const worker = await overview('notifications-worker');
      expect(worker.applications.map(a => a.instance)).toEqual(['dev', 'prod']);
      expect(worker.instances.map(i => i.instance)).toEqual(['dev', 'prod']);
      expect(
        worker.applications.find(a => a.instance === 'prod')!.health.status,
      ).toBe('Degraded');
    });

    it("generated applications name their ApplicationSet; the entity's answer lists it with its health and rolling sync steps", async () => {
      const inventory = await overview('inventory-service');
      expect(
        inventory.applications.map(a => [a.name, a.applicationSet]),
      ).toEqual(
        expect.arrayContaining([
          ['inventory-prod-eu', 'inventory'],
          ['inventory-prod-us', 'inventory'],
          ['inventory-dev', undefined],
        ]),
      );
      expect(inventory.applicationSets).toEqual([
        {
          instance: 'prod',
          namespace: 'argocd',
          name: 'inventory',
          health: { status: expect.any(String) },
          steps: 2,
          applications: [
            expect.objectContaining({ name: 'inventory-prod-eu', step: 1 }),
            expect.objectContaining({ name: 'inventory-prod-us', step: 2 }),
          ],
          observedAt: expect.any(String),
        },
      ]);
    });

    it('a second poll with no change: one list per instance and nothing else, and prod, whose inventory applications an ApplicationSet generated, its ApplicationSets', async () => {
      harness.resetRequests();
      await harness.poll();
      for (const instance of ['dev', 'staging']) {
        expect(harness.requests(instance)).toEqual({
          [LIST]: expect.objectContaining({ requests: 1 }),
        });
      }
      expect(harness.requests('prod')).toEqual({
        [LIST]: expect.objectContaining({ requests: 1 }),
        [APPLICATION_SETS]: expect.objectContaining({ requests: 1 }),
      });
    });

    it('a rollout shows in the overview and as a new history row after the next poll; its commit is fetched once', async () => {
      const before = await history('payments-api');
      rollOut(
        harness,
        'prod',
        'payments-api-prod',
        {
          images: ['ghcr.io/acme/payments-api:1.8.0'],
          author: 'Ada <ada@acme.example>',
          message: 'Ship 1.8.0',
        },
        3,
      );
      harness.resetRequests();
      await harness.poll('prod');
      expect(harness.requests('prod')).toEqual({
        [LIST]: expect.objectContaining({ requests: 1 }),
        [GET]: expect.objectContaining({ requests: 1 }),
        [TREE]: expect.objectContaining({ requests: 1 }),
        [METADATA]: expect.objectContaining({ requests: 1 }),
        [APPLICATION_SETS]: expect.objectContaining({ requests: 1 }),
      });

      const app = (await overview('payments-api')).applications.find(
        a => a.instance === 'prod',
      )!;
      expect(app).toMatchObject({
        images: ['ghcr.io/acme/payments-api:1.8.0'],
        health: { status: 'Healthy' },
        sync: { status: 'Synced' },
      });
      const after = await history('payments-api');
      expect(after.total).toBe(before.total + 1);
      expect(after.items[0]).toMatchObject({
        instance: 'prod',
        application: 'payments-api-prod',
        images: ['ghcr.io/acme/payments-api:1.8.0'],
        revisions: app.sync.revisions,
        commits: [
          {
            revision: app.sync.revisions[0],
            author: 'Ada <ada@acme.example>',
            message: 'Ship 1.8.0',
          },
        ],
        syncResult: { phase: 'Succeeded' },
        initiatedBy: { automated: true },
      });

      harness.resetRequests();
      await harness.poll('prod');
      expect(count(harness.requests('prod'), METADATA)).toBe(0);
      expect(count(harness.requests('prod'), GET)).toBe(0);
    });

    it("serves an application's detail from the store: resources with health and images, conditions, the last operation, sources and destination", async () => {
      const response = await harness.get(
        '/entities/component/default/payments-api/applications/prod/argocd/payments-api-prod',
      );
      expect(response.status).toBe(200);
      const detail = response.body as ArgoPulseApplicationDetail;
      expect(detail).toMatchObject({
        instance: 'prod',
        namespace: 'argocd',
        name: 'payments-api-prod',
        project: 'payments',
        sources: [
          {
            repoURL: 'https://github.com/acme/deployments.git',
            path: 'apps/payments-api/overlays/prod',
            targetRevision: 'main',
          },
        ],
        destination: { namespace: 'payments' },
        operation: { phase: 'Succeeded', message: expect.any(String) },
        conditions: expect.any(Array),
      });
      const deployment = detail.resources.find(r => r.kind === 'Deployment')!;
      expect(deployment).toMatchObject({
        syncStatus: 'Synced',
        health: { status: 'Healthy' },
        images: [expect.stringMatching(/^ghcr.io\/acme\/payments-api:/)],
      });
      expect(JSON.stringify(detail)).not.toMatch(
        /liveState|targetState|valuesObject|"values"/,
      );
    });

    it("detail: 404 for an application that is not the entity's", async () => {
      await expectNotFound(
        '/entities/component/default/payments-api/applications/prod/argocd/checkout-web-prod',
        'component:default/payments-api has no application prod/argocd/checkout-web-prod',
      );
    });

    it('history is newest first and paginated', async () => {
      const first = await history('payments-api', '?limit=2');
      expect(first.items).toHaveLength(2);
      expect(first.nextOffset).toBe(2);
      const times = first.items.map(d => d.finishedAt);
      expect([...times].sort().reverse()).toEqual(times);
      const rest = await history(
        'payments-api',
        `?limit=100&offset=${first.nextOffset}`,
      );
      expect(rest.items).toHaveLength(first.total - 2);
      expect(rest.nextOffset).toBeUndefined();
    });

    it("answers a re-read of an unchanged overview 304 Not Modified (its ETag), so a page's re-reads carry no body", async () => {
      const path =
        '/api/argo-pulse/entities/component/default/payments-api/applications';
      const first = await request(harness.backend.server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(first.status).toBe(200);
      expect(first.headers.etag).toEqual(expect.any(String));
      const again = await request(harness.backend.server)
        .get(path)
        .set('Authorization', mockCredentials.user.header())
        .set('If-None-Match', first.headers.etag);
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
    });

    it('a page view never calls Argo CD', async () => {
      harness.resetRequests();
      await overview('payments-api');
      await history('inventory-service');
      await harness.get('/instances');
      await harness.get('/entities/component/default/docs-site/applications');
      await harness.get(
        '/entities/component/default/payments-api/applications/prod/argocd/payments-api-prod',
      );
      for (const instance of ['dev', 'staging', 'prod'])
        expect(harness.requests(instance)).toEqual({});
    });

    it('a hanging instance is shown as an error with a timestamp, keeps its data, and the other instances are still polled', async () => {
      await harness.simulator.instance('staging').faults.set({ hang: true });
      try {
        harness.resetRequests();
        await harness.poll();
        expect(count(harness.requests('dev'), LIST)).toBe(1);
        const instances = (await harness.get('/instances'))
          .body as InstancesResponse;
        const staging = instances.instances.find(
          i => i.instance === 'staging',
        )!;
        expect(staging.error).toMatchObject({
          category: 'timed-out',
          message: 'timed out after 0.3 s',
        });
        expect(staging.error?.at).toMatch(/Z$/);
        expect(staging.applicationCount).toBe(3);
        expect(
          instances.instances.find(i => i.instance === 'dev')!.error,
        ).toBeUndefined();
        const body = await overview('payments-api');
        expect(body.applications.map(a => a.instance)).toContain('staging');
        expect(
          body.instances.find(i => i.instance === 'staging')!.error,
        ).toBeDefined();
      } finally {
        harness.simulator.instance('staging').faults.clear();
      }
      await harness.poll('staging');
      const instances = (await harness.get('/instances'))
        .body as InstancesResponse;
      expect(
        instances.instances.find(i => i.instance === 'staging')!.error,
      ).toBeUndefined();
    });

    it('an application deleted in Argo CD leaves the overview', async () => {
      harness.simulator.instance('dev').deleteApplication('payments-api-dev');
      await harness.poll('dev');
      expect(
        (await overview('payments-api')).applications.map(a => a.instance),
      ).toEqual(['staging', 'prod']);
    });

    it('prunes history past the retention', async () => {
      const before = (await history('payments-api')).total;
      await harness.triggerTask(PRUNE_HISTORY_TASK_ID);
      const after = await history('payments-api');
      expect(after.total).toBeLessThan(before);
      const cutoff = Date.now() - 4 * 24 * 3600 * 1000;
      expect(after.items.every(d => Date.parse(d.finishedAt) >= cutoff)).toBe(
        true,
      );
    });

    describe('answers clearly when the request or the entity is wrong', () => {
      it('404 for an unknown entity', async () => {
        await expectNotFound(
          '/entities/component/default/nope/applications',
          'No entity component:default/nope',
        );
      });

      it.each([
        ['?limit=0'],
        ['?limit=1000'],
        ['?offset=-1'],
        ['?limit=abc'],
        ['?page=2'],
      ])('400 for history query %s', async query => {
        const response = await harness.get(
          `/entities/component/default/payments-api/history${query}`,
        );
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(/^Invalid history query: /);
      });

      it('an entity without annotations: no applications and the reason', async () => {
        const body = await overview('docs-site');
        expect(body).toMatchObject({
          applications: [],
          problem:
            'component:default/docs-site has no argocd/app-name or argocd/app-selector annotation',
        });
      });

      it('an entity with both app-name and app-selector: the configuration problem, not a 500', async () => {
        const body = await overview('misconfigured');
        expect(body.applications).toEqual([]);
        expect(body.problem).toMatch(
          /argocd\/app-name.*argocd\/app-selector|argocd\/app-selector.*argocd\/app-name/,
        );
        expect((await history('misconfigured')).problem).toBe(body.problem);
      });

      it('health answers without credentials', async () => {
        const response = await request(harness.backend.server).get(
          '/api/argo-pulse/health',
        );
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ status: 'ok' });
      });
    });
  });
});
