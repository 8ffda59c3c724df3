import type {
  ArgoPulseExpectation,
  CreateExpectationResponse,
  EntityExpectationsResponse,
} from '@argo-pulse/backstage-plugin-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { EventParams } from '@backstage/plugin-events-node';
import { EXPECTATION_EVENT_TOPIC } from './expectations/ExpectationService';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { expectationOnce, pluginForAllTests } from './testing/pluginHarness';

// Rollouts one after another on one demo: its tests run in order.
// eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
describe('expected versions, in order', { shuffle: false }, () => {
  describeOnEachDatabase('expected versions on %s', database => {
    const harness = pluginForAllTests(database, {
      // Long enough that the polls of the degraded test run inside it even on a loaded machine.
      config: { expectations: { degradedGrace: { seconds: 2 } } },
    });

    const expectation = async (id: string) => {
      const response = await harness.get(`/expectations/${id}`);
      expect(response.status).toBe(200);
      return response.body as ArgoPulseExpectation;
    };
    const create = async (
      body: object,
      headers: Record<string, string> = {},
    ) => {
      const response = await harness.post('/expectations', body, headers);
      // The body rides along so a failure shows why the request was refused.
      expect({ status: response.status, body: response.body }).toMatchObject({
        status: 202,
      });
      return response.body as CreateExpectationResponse;
    };
    /** Starts a manual rollout in the simulator; `step()` applies the next phase and polls the instance. */
    const rollout = (
      instance: string,
      app: string,
      body: {
        images: string[];
        outcome?: 'success' | 'sync-failed' | 'degraded';
        failureMessage?: string;
      },
    ) => {
      const sim = harness.simulator.instance(instance);
      sim.rollout(app, { manual: true, ...body });
      return {
        step: async () => {
          sim.rollouts.advance(sim.application(app));
          await harness.poll(instance);
        },
      };
    };
    const published = (): ArgoPulseExpectation[] =>
      (harness.events.publish.mock.calls as Array<[EventParams]>)
        .map(([event]) => event)
        .filter(event => event.topic === EXPECTATION_EVENT_TOPIC)
        .map(event => event.eventPayload as ArgoPulseExpectation);

    beforeAll(() => harness.poll());

    it('a successful rollout: pending while it rolls out, deployed within the poll after it finished, linked to the new history row', async () => {
      const posted = await create({
        entityRef: 'component:default/checkout-web',
        instances: ['prod'],
        images: ['ghcr.io/acme/checkout-web:3.3.0'],
        revision: 'abc1234',
        author: 'Ada',
        runUrl: 'https://ci.example.com/runs/42',
      });
      expect(posted.statusUrl).toMatch(
        new RegExp(`/api/argo-pulse/expectations/${posted.id}$`),
      );
      expect(posted.expectation).toMatchObject({
        state: 'pending',
        entityRef: 'component:default/checkout-web',
        applications: [
          {
            instance: 'prod',
            namespace: 'argocd',
            name: 'checkout-web-prod',
            argoCdUrl: expect.stringMatching(
              /\/applications\/argocd\/checkout-web-prod$/,
            ),
          },
        ],
        images: ['ghcr.io/acme/checkout-web:3.3.0'],
        revision: 'abc1234',
        author: 'Ada',
        runUrl: 'https://ci.example.com/runs/42',
        createdBy: 'user:default/mock',
        waitingFor: [
          'prod/checkout-web-prod: runs ghcr.io/acme/checkout-web:3.1.9, not yet ghcr.io/acme/checkout-web:3.3.0',
        ],
      });

      const steps = rollout('prod', 'checkout-web-prod', {
        images: ['ghcr.io/acme/checkout-web:3.3.0'],
      });
      await harness.poll('prod'); // OutOfSync at the new revision
      expect((await expectation(posted.id)).waitingFor).toEqual(
        expect.arrayContaining([
          'prod/checkout-web-prod: sync status is OutOfSync',
        ]),
      );
      await steps.step(); // sync running
      await steps.step(); // Progressing, old and new images both running
      const rolling = await expectation(posted.id);
      expect(rolling.state).toBe('pending');
      expect(rolling.waitingFor).toEqual(
        expect.arrayContaining([
          'prod/checkout-web-prod: ghcr.io/acme/checkout-web:3.1.9 still running beside ghcr.io/acme/checkout-web:3.3.0',
        ]),
      );

      await steps.step(); // Healthy, only the new image
      const done = await expectation(posted.id);
      const history = (
        await harness.get(
          '/entities/component/default/checkout-web/history?limit=1',
        )
      ).body;
      expect(done).toMatchObject({
        state: 'deployed',
        resolvedAt: expect.any(String),
        durationSeconds: expect.any(Number),
        deployments: [
          {
            instance: 'prod',
            namespace: 'argocd',
            application: 'checkout-web-prod',
            historyId: history.items[0].historyId,
          },
        ],
        observed: [
          {
            name: 'checkout-web-prod',
            sync: { status: 'Synced' },
            health: { status: 'Healthy' },
            images: ['ghcr.io/acme/checkout-web:3.3.0'],
          },
        ],
      });
      expect(done.waitingFor).toBeUndefined();
      expect(published().filter(e => e.id === posted.id)).toEqual([
        expect.objectContaining({ state: 'deployed' }),
      ]);

      await harness.poll('prod');
      expect(published().filter(e => e.id === posted.id)).toHaveLength(1);
    });

    it('a failing sync: failed with reason sync-failed and Argo CD message', async () => {
      const posted = await create({
        entityRef: 'payments-api',
        instances: ['staging'],
        images: ['ghcr.io/acme/payments-api:1.9.0'],
      });
      const steps = rollout('staging', 'payments-api-staging', {
        images: ['ghcr.io/acme/payments-api:1.9.0'],
        outcome: 'sync-failed',
        failureMessage:
          'one or more objects failed to apply, reason: admission webhook denied the request',
      });
      await steps.step();
      await steps.step();
      expect(await expectation(posted.id)).toMatchObject({
        state: 'failed',
        reason: 'sync-failed',
        message:
          'staging/payments-api-staging: sync failed: one or more objects failed to apply, reason: admission webhook denied the request',
      });
    });

    it('a degraded rollout: failed with reason degraded once the grace period after the new image passed, without another poll', async () => {
      const posted = await create({
        entityRef: 'component:default/notifications-worker',
        instances: ['prod'],
        images: ['acme/notifications-worker:2.1.0'],
      });
      const steps = rollout('prod', 'notifications-worker-prod', {
        images: ['docker.io/acme/notifications-worker:2.1.0'],
        outcome: 'degraded',
      });
      await steps.step();
      await steps.step(); // the new image appears
      await steps.step(); // Degraded
      expect((await expectation(posted.id)).state).toBe('pending');
      const failed = await expectationOnce(harness, posted.id, 'failed');
      expect(failed).toMatchObject({
        reason: 'degraded',
        message: expect.stringMatching(
          /^prod\/notifications-worker-prod is Degraded since the new image appeared/,
        ),
      });
    });

    it('a timeout fires at the deadline, with no poll', async () => {
      const posted = await create({
        entityRef: 'component:default/inventory-service',
        instances: ['dev'],
        images: ['ghcr.io/acme/inventory:9.9.9'],
        timeoutSeconds: 1,
      });
      const failed = await expectationOnce(harness, posted.id, 'failed');
      expect(failed).toMatchObject({
        reason: 'timeout',
        message: expect.stringMatching(
          /^Not deployed by the deadline; still waiting for: dev\/inventory-dev: runs ghcr.io\/acme\/inventory:0.14.0/,
        ),
      });
      expect(
        Date.parse(failed.resolvedAt!) - Date.parse(failed.deadline),
      ).toBeGreaterThanOrEqual(0);
      // No poll runs in this harness: only the deadline's timer can have failed it, soon after the deadline.
      expect(
        Date.parse(failed.resolvedAt!) - Date.parse(failed.deadline),
      ).toBeLessThan(3000);
    });

    it('a newer expectation for the same repository on the same application supersedes the older one', async () => {
      const older = await create({
        entityRef: 'component:default/payments-api',
        instances: ['prod'],
        images: ['ghcr.io/acme/payments-api:2.0.0'],
      });
      const newer = await create({
        application: { instance: 'prod', name: 'payments-api-prod' },
        images: ['ghcr.io/acme/payments-api:2.0.1'],
      });
      expect(newer.expectation.entityRef).toBeUndefined();
      expect(await expectation(older.id)).toMatchObject({
        state: 'superseded',
        supersededBy: newer.id,
        message: `Superseded by expectation ${newer.id}`,
      });
      expect((await expectation(newer.id)).state).toBe('pending');
      expect(
        published()
          .filter(e => e.id === older.id)
          .map(e => e.state),
      ).toEqual(['superseded']);
    });

    it('cancel: once, then 409', async () => {
      const posted = await create({
        entityRef: 'component:default/checkout-web',
        instances: ['dev'],
        images: ['ghcr.io/acme/checkout-web:9.0.0'],
      });
      const cancelled = await harness.post(
        `/expectations/${posted.id}/cancel`,
        {},
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        state: 'cancelled',
        message: 'Cancelled by user:default/mock',
      });
      const again = await harness.post(`/expectations/${posted.id}/cancel`, {});
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        `Expectation ${posted.id} is already cancelled`,
      );
    });

    it('a pending expectation survives a backend restart and resolves afterwards', async () => {
      const posted = await create({
        entityRef: 'component:default/checkout-web',
        instances: ['staging'],
        images: ['ghcr.io/acme/checkout-web:3.4.0'],
      });
      await harness.restart();
      const steps = rollout('staging', 'checkout-web-staging', {
        images: ['ghcr.io/acme/checkout-web:3.4.0'],
      });
      await steps.step();
      await steps.step();
      await steps.step();
      expect((await expectation(posted.id)).state).toBe('deployed');
    });

    it('Idempotency-Key: the same request gives the same expectation; another request under the key is a 409', async () => {
      const body = {
        entityRef: 'component:default/inventory-service',
        instances: ['staging'],
        images: ['ghcr.io/acme/inventory:0.15.0'],
      };
      const first = await create(body, {
        'Idempotency-Key': `run-${database.databaseId}-1`,
      });
      const retry = await create(body, {
        'Idempotency-Key': `run-${database.databaseId}-1`,
      });
      expect(retry.id).toBe(first.id);
      const other = await harness.post(
        '/expectations',
        { ...body, images: ['ghcr.io/acme/inventory:0.16.0'] },
        { 'Idempotency-Key': `run-${database.databaseId}-1` },
      );
      expect(other.status).toBe(409);
      expect(other.body.error.message).toBe(
        `Idempotency-Key "run-${database.databaseId}-1" was already used for a different request`,
      );
      // Keys are per caller: another pipeline's identical key is its own.
      const otherCaller = await create(body, {
        'Idempotency-Key': `run-${database.databaseId}-1`,
        Authorization: mockCredentials.user.header('user:default/other'),
      });
      expect(otherCaller.id).not.toBe(first.id);
      expect(otherCaller.expectation.createdBy).toBe('user:default/other');
    });

    it("lists an entity's expectations newest first, filtered by state, paginated", async () => {
      const page = async (query: string) => {
        const response = await harness.get(
          `/entities/component/default/checkout-web/expectations${query}`,
        );
        expect(response.status).toBe(200);
        return response.body as EntityExpectationsResponse;
      };
      const all = await page('');
      expect(all.items.map(e => e.state)).toEqual([
        'deployed',
        'cancelled',
        'deployed',
      ]);
      expect((await page('?state=deployed')).items.map(e => e.state)).toEqual([
        'deployed',
        'deployed',
      ]);
      expect((await page('?state=cancelled,failed')).total).toBe(1);
      const first = await page('?limit=2');
      expect(first).toMatchObject({ total: 3, nextOffset: 2 });
      expect((await page('?limit=2&offset=2')).items).toEqual([all.items[2]]);
    });

    it('an application Argo Pulse has not seen yet (an ApplicationSet just made it): found by a poll of its instance at the post', async () => {
      harness.simulator.instance('staging').createApplication({
        name: 'payments-api-preview',
        project: 'payments',
        labels: { 'backstage.io/component': 'payments-api' },
        destination: { namespace: 'payments-preview' },
        sources: [
          {
            repoURL: 'https://github.com/acme/deployments.git',
            path: 'apps/payments-api/preview',
            targetRevision: 'main',
          },
        ],
        images: ['ghcr.io/acme/payments-api:1.7.4'],
      });
      harness.resetRequests();
      const created = await create({
        application: { instance: 'staging', name: 'payments-api-preview' },
        images: ['ghcr.io/acme/payments-api:9.9.9'],
      });
      expect(created.expectation).toMatchObject({
        state: 'pending',
        applications: [{ instance: 'staging', name: 'payments-api-preview' }],
      });
      // Only the instance concerned was polled.
      expect(
        harness.requests('staging')['GET /api/v1/applications']?.requests,
      ).toBe(1);
      expect(
        harness.requests('prod')['GET /api/v1/applications'],
      ).toBeUndefined();
    });

    describe('answers 4xx that say what is wrong', () => {
      const valid = {
        entityRef: 'component:default/payments-api',
        images: ['ghcr.io/acme/payments-api:1.9.0'],
      };
      it.each<[string, object, number, RegExp]>([
        [
          'no images',
          { ...valid, images: [] },
          400,
          /^Invalid expectation: images: give at least one image$/,
        ],
        [
          'images that are not a list',
          { ...valid, images: 'x' },
          400,
          /images: must be a list of image references/,
        ],
        [
          'an unparseable image reference',
          { ...valid, images: ['ghcr.io/acme/API:1'] },
          400,
          /images\.0: Invalid image reference "ghcr.io\/acme\/API:1": repository "acme\/API" must be lowercase/,
        ],
        [
          'a timeout of zero',
          { ...valid, timeoutSeconds: 0 },
          400,
          /timeoutSeconds: must be at least 1 second/,
        ],
        [
          'an absurd timeout',
          { ...valid, timeoutSeconds: 10 ** 9 },
          400,
          /timeoutSeconds: must be at most 86400 seconds/,
        ],
        [
          'a fractional timeout',
          { ...valid, timeoutSeconds: 1.5 },
          400,
          /timeoutSeconds: must be a whole number of seconds/,
        ],
        [
          'an unknown field',
          { ...valid, image: 'x' },
          400,
          /Unrecognized key: "image"/,
        ],
        [
          'neither entity nor application',
          { images: valid.images },
          400,
          /give entityRef, application, or both/,
        ],
        [
          'instances without an entity',
          {
            images: valid.images,
            instances: ['prod'],
            application: { instance: 'prod', name: 'payments-api-prod' },
          },
          400,
          /instances: instances narrows an entity/,
        ],
        [
          'a run URL that is not http',
          // eslint-disable-next-line no-script-url -- a javascript: URL is the hostile input under test
          { ...valid, runUrl: 'javascript:alert(1)' },
          400,
          /runUrl: must be an http\(s\) URL/,
        ],
        [
          'an invalid entity reference',
          { ...valid, entityRef: 'component:' },
          400,
          /^Invalid entity reference "component:"/,
        ],
        [
          'an unknown entity',
          { ...valid, entityRef: 'component:default/nope' },
          404,
          /^No entity component:default\/nope$/,
        ],
        [
          'an entity without Argo CD annotations',
          { ...valid, entityRef: 'docs-site' },
          400,
          /^component:default\/docs-site has no argocd\/app-name or argocd\/app-selector annotation$/,
        ],
        [
          'an unknown instance',
          { ...valid, instances: ['qa'] },
          400,
          /^Unknown Argo CD instance "qa" \(configured: dev, staging, prod\)$/,
        ],
        [
          'an application not of the entity',
          {
            ...valid,
            application: { instance: 'prod', name: 'checkout-web-prod' },
          },
          400,
          /^prod\/checkout-web-prod is not one of the applications of component:default\/payments-api/,
        ],
        [
          'a revision that is not text',
          { ...valid, revision: 42 },
          400,
          /^Invalid expectation: revision: must be the git revision \(a commit SHA or a tag\)$/,
        ],
        [
          'an author longer than 1000 characters',
          { ...valid, author: 'a'.repeat(1001) },
          400,
          /^Invalid expectation: author: must be at most 1000 characters$/,
        ],
      ])('%s → %s', async (_what, body, status, message) => {
        const response = await harness.post('/expectations', body);
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
      });

      it('a JSON body sent without Content-Type: application/json (plain curl -d) → 415 that says so', async () => {
        const response = await harness.post(
          '/expectations',
          JSON.stringify(valid),
          { 'Content-Type': 'application/x-www-form-urlencoded' },
        );
        expect(response.status).toBe(415);
        expect(response.body.error.message).toBe(
          'The body must be JSON: send Content-Type: application/json (this request said application/x-www-form-urlencoded)',
        );
      });

      it('empty optional fields mean "not given" (CI variables that are unset)', async () => {
        const response = await harness.post('/expectations', {
          ...valid,
          revision: '',
          author: '  ',
          runUrl: '',
        });
        expect(response.status).toBe(202);
        expect(response.body.expectation).not.toHaveProperty('revision');
        expect(response.body.expectation).not.toHaveProperty('author');
        expect(response.body.expectation).not.toHaveProperty('runUrl');
      });

      it('a malformed JSON body → 400', async () => {
        const response = await harness.post('/expectations', '{"images": [', {
          'Content-Type': 'application/json',
        });
        expect(response.status).toBe(400);
      });

      it('a bad Idempotency-Key → 400', async () => {
        const response = await harness.post('/expectations', valid, {
          'Idempotency-Key': 'has spaces in it',
        });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          /^Invalid Idempotency-Key header/,
        );
      });

      it.each([
        ['an id that is not a UUID', '/expectations/42', 400],
        [
          'an unknown id',
          '/expectations/6f1c2f9e-8a43-4d6b-9a55-3f3f0c1d2e4b',
          404,
        ],
        [
          'an unknown state filter',
          '/entities/component/default/payments-api/expectations?state=done',
          400,
        ],
      ])('%s → %s', async (_what, path, status) => {
        expect((await harness.get(path)).status).toBe(status);
      });
    });
  });
});
