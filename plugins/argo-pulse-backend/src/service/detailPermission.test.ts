import type {
  AuthorizePermissionRequest,
  QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockServices } from '@backstage/backend-test-utils';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { pluginForAllTests, rollOut } from '../testing/pluginHarness';

const DETAIL = 'argo-pulse.application.detail.read';
/** Argo CD's message for the failed syncs below: it names a secret, which is why it is detail. */
const SECRET_MESSAGE = 'secret payments-db-password not found';

/**
 * One rule everywhere: Argo CD's operation and health messages, sources and
 * why an application is unhealthy reach only callers with
 * `argo-pulse.application.detail.read`; everyone else reads states and
 * reason codes. Each route is read with and without it.
 */
describeOnEachDatabase(
  'the detail permission on every route, on %s',
  database => {
    let withDetail = true;
    const decide = (name: string) =>
      name === DETAIL && !withDetail
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: AuthorizePermissionRequest[]) =>
        requests.map(r => ({ result: decide(r.permission.name) })),
      authorizeConditional: async (requests: QueryPermissionRequest[]) =>
        requests.map(r => ({ result: decide(r.permission.name) })) as never,
    });
    const harness = pluginForAllTests(database, {
      permissions,
    });
    let expectationId: string;
    let taskId: string;

    /** Each answer as read with the detail permission and without it. */
    async function both<T>(
      read: () => Promise<T>,
    ): Promise<{ owner: T; other: T }> {
      withDetail = true;
      const owner = await read();
      withDetail = false;
      const other = await read();
      withDetail = true;
      return { owner, other };
    }

    beforeAll(async () => {
      await harness.poll();
      const posted = await harness.post('/expectations', {
        entityRef: 'component:default/payments-api',
        instances: ['prod'],
        images: ['ghcr.io/acme/payments-api:9.0.0'],
      });
      expectationId = posted.body.id;
      const task = await harness.post('/compat/argo-watcher/api/v1/tasks', {
        app: 'inventory-prod-eu',
        author: 'ci',
        project: 'inventory',
        images: [{ image: 'ghcr.io/acme/inventory', tag: '0.15.0' }],
      });
      taskId = task.body.id;
      for (const [app, image] of [
        ['payments-api-prod', 'ghcr.io/acme/payments-api:9.0.0'],
        ['inventory-prod-eu', 'ghcr.io/acme/inventory:0.15.0'],
      ]) {
        rollOut(harness, 'prod', app, {
          images: [image],
          outcome: 'sync-failed',
          failureMessage: SECRET_MESSAGE,
        });
      }
      rollOut(harness, 'prod', 'inventory-prod-us', {
        images: ['ghcr.io/acme/inventory:0.16.0'],
        outcome: 'degraded',
      });
      await harness.poll();
    });

    it('the overview: the failed operation is there for everyone, its message only with detail; so is why an application is Degraded', async () => {
      const read = async (name: string) =>
        (await harness.get(`/entities/component/default/${name}/applications`))
          .body;
      const payments = await both(() => read('payments-api'));
      const prodOf = (body: any) =>
        body.applications.find(
          (a: { instance: string }) => a.instance === 'prod',
        );
      expect(prodOf(payments.owner).operation).toMatchObject({
        phase: 'Failed',
        message: expect.stringContaining(SECRET_MESSAGE),
      });
      expect(prodOf(payments.other).operation).toMatchObject({
        phase: 'Failed',
      });
      expect(JSON.stringify(payments.other)).not.toContain(SECRET_MESSAGE);

      // inventory-prod-us rolled out an image its pods cannot pull.
      const inventory = await both(() => read('inventory-service'));
      const us = (body: any) =>
        body.applications.find(
          (a: { name: string }) => a.name === 'inventory-prod-us',
        );
      expect(us(inventory.owner).health.status).toBe('Degraded');
      expect(us(inventory.owner).unhealthyResource).toMatchObject({
        kind: 'Pod',
        status: 'Degraded',
        reason: 'ImagePullBackOff',
        message: 'Back-off pulling image "ghcr.io/acme/inventory:0.16.0"',
      });
      expect(us(inventory.other)).not.toHaveProperty('unhealthyResource');
      expect(us(inventory.other).health.status).toBe('Degraded');
    });

    it('history: the failed operation is a row for everyone; its message and the sources only with detail', async () => {
      const { owner, other } = await both(
        async () =>
          (
            await harness.get(
              '/entities/component/default/payments-api/history?limit=100',
            )
          ).body,
      );
      const failedIn = (body: any) =>
        body.items.find((d: { outcome: string }) => d.outcome === 'Failed');
      expect(failedIn(owner)).toMatchObject({
        instance: 'prod',
        syncResult: {
          phase: 'Failed',
          message: expect.stringContaining(SECRET_MESSAGE),
        },
      });
      expect(failedIn(owner)).not.toHaveProperty('historyId');
      expect(failedIn(other)).toMatchObject({
        instance: 'prod',
        syncResult: { phase: 'Failed' },
      });
      expect(
        owner.items.every((d: { sources: unknown[] }) => d.sources.length > 0),
      ).toBe(true);
      expect(
        other.items.every(
          (d: { sources: unknown[] }) => d.sources.length === 0,
        ),
      ).toBe(true);
      expect(JSON.stringify(other)).not.toContain(SECRET_MESSAGE);
    });

    it("an expectation's verdict, alone and in the entity's list: the reason code for everyone, Argo CD's message only with detail", async () => {
      const one = await both(
        async () => (await harness.get(`/expectations/${expectationId}`)).body,
      );
      expect(one.owner).toMatchObject({
        state: 'failed',
        reason: 'sync-failed',
        message: expect.stringContaining(SECRET_MESSAGE),
      });
      expect(one.other).toMatchObject({
        state: 'failed',
        reason: 'sync-failed',
        message: expect.stringContaining('application detail'),
      });

      const list = await both(
        async () =>
          (
            await harness.get(
              '/entities/component/default/payments-api/expectations',
            )
          ).body,
      );
      expect(JSON.stringify(list.owner)).toContain(SECRET_MESSAGE);
      expect(
        list.other.items.find((e: { id: string }) => e.id === expectationId),
      ).toMatchObject({ reason: 'sync-failed' });
      expect(JSON.stringify(list.other)).not.toContain(SECRET_MESSAGE);
    });

    it("an argo-watcher task's status reason quotes Argo CD only with detail", async () => {
      const { owner, other } = await both(
        async () =>
          (
            await harness.get(`/compat/argo-watcher/api/v1/tasks/${taskId}`)
          ).body,
      );
      expect(owner).toMatchObject({
        status: 'failed',
        status_reason: expect.stringContaining(SECRET_MESSAGE),
      });
      expect(other).toMatchObject({
        status: 'failed',
        status_reason: expect.stringContaining('application detail'),
      });
    });
  },
);
