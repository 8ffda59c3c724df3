// GET /deployments through the real plugin: the entity index built from the catalog by its
// scheduled task, deployments and the expectations CI posts in one feed, a policy that lets
// a user read only their team's entities, bad queries.
import type {
  ArgoPulseFeedItem,
  PortalDeploymentsResponse,
} from '@argo-pulse/backstage-plugin-common';
import { ownerPolicy } from '@argo-pulse/test-support';
import { ENTITY_INDEX_TASK_ID } from '../tasks/taskIds';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { itRefusesQueries, pluginForEachTest } from '../testing/pluginHarness';

describeOnEachDatabase('GET /deployments on %s', database => {
  /** The policy: everything, or (conditionally) only the entities one team owns. */
  const { permissions, onlyOwnedBy } = ownerPolicy();
  const harness = pluginForEachTest(database, {
    permissions,
  });

  beforeEach(async () => {
    onlyOwnedBy(undefined);
    await harness.poll();
    await harness.triggerTask(ENTITY_INDEX_TASK_ID);
  });

  const entitiesOf = (body: PortalDeploymentsResponse) =>
    [...new Set(body.items.map(item => item.entityRef))].sort();

  const deploymentsOf = (body: PortalDeploymentsResponse) =>
    body.items.flatMap(item =>
      item.type === 'deployment' ? [item.deployment] : [],
    );

  it("lists every annotated entity's deployments newest first, each under its entity", async () => {
    const { status, body } = await harness.get('/deployments?limit=100');
    expect(status).toBe(200);
    const page = body as PortalDeploymentsResponse;
    expect(entitiesOf(page)).toEqual([
      'component:default/cart-api',
      'component:default/checkout-web',
      'component:default/inventory-service',
      'component:default/notifications-worker',
      'component:default/payments-api',
    ]);
    const times = deploymentsOf(page).map(deployment => deployment.finishedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(page.items[0]).toMatchObject({
      type: 'deployment',
      entityRef: expect.any(String),
      deployment: {
        outcome: 'Succeeded',
        instance: expect.any(String),
        revisions: expect.any(Array),
      },
    });
  });

  it('lists an expectation CI posted as a row of its entity, with its CI run, and finds it by outcome', async () => {
    const posted = await harness.post('/expectations', {
      entityRef: 'component:default/payments-api',
      images: ['ghcr.io/acme/payments-api:9.9.9'],
      runUrl: 'https://ci.example.com/runs/42',
      author: 'alice',
    });
    expect(posted.status).toBe(202);
    const pending = (await harness.get('/deployments?outcome=pending'))
      .body as PortalDeploymentsResponse;
    expect(pending.items).toEqual([
      expect.objectContaining<Partial<ArgoPulseFeedItem>>({
        type: 'expectation',
        entityRef: 'component:default/payments-api',
        expectation: expect.objectContaining({
          id: posted.body.id,
          state: 'pending',
          runUrl: 'https://ci.example.com/runs/42',
          author: 'alice',
        }),
      }),
    ]);
    // Posted last, it is the newest row of the whole feed.
    expect(
      (await harness.get('/deployments?limit=1')).body.items[0],
    ).toMatchObject({ type: 'expectation' });
    expect(
      (await harness.get('/deployments?type=deployment&outcome=pending')).body
        .items,
    ).toEqual([]);
  });

  it('a conditional decision is applied in the query: only the owned entities, whatever the filters ask', async () => {
    onlyOwnedBy('group:default/team-payments');
    expect(
      entitiesOf((await harness.get('/deployments?limit=100')).body),
    ).toEqual([
      'component:default/notifications-worker',
      'component:default/payments-api',
    ]);
    expect(
      (await harness.get('/deployments?entity=component:default/checkout-web'))
        .body.items,
    ).toEqual([]);
  });

  it('filters by owner, instance and kind, and pages with nextOffset', async () => {
    expect(
      entitiesOf(
        (
          await harness.get(
            '/deployments?owner=group:default/team-storefront&limit=100',
          )
        ).body,
      ),
    ).toEqual(['component:default/cart-api', 'component:default/checkout-web']);
    // Short refs are completed as the catalog completes them: an owner is a group, an entity a component.
    expect(
      entitiesOf(
        (await harness.get('/deployments?owner=team-storefront&limit=100'))
          .body,
      ),
    ).toEqual(['component:default/cart-api', 'component:default/checkout-web']);
    expect(
      entitiesOf(
        (await harness.get('/deployments?entity=checkout-web&limit=100')).body,
      ),
    ).toEqual(['component:default/checkout-web']);
    expect(
      (await harness.get('/deployments?outcome=failed,&limit=1')).status,
    ).toBe(200);
    // By what happened after the sync: deployments only, each with that result.
    const settled = (
      await harness.get('/deployments?result=unknown,healthy&limit=100')
    ).body as PortalDeploymentsResponse;
    expect(settled.items.length).toBeGreaterThan(0);
    expect(
      settled.items.every(
        item =>
          item.type === 'deployment' &&
          ['unknown', 'healthy'].includes(item.deployment.result?.status ?? ''),
      ),
    ).toBe(true);
    const staging = (
      await harness.get('/deployments?instance=staging&limit=100')
    ).body as PortalDeploymentsResponse;
    expect(
      new Set(deploymentsOf(staging).map(deployment => deployment.instance)),
    ).toEqual(new Set(['staging']));
    const first = (await harness.get('/deployments?limit=2'))
      .body as PortalDeploymentsResponse;
    expect(first).toMatchObject({ nextOffset: 2 });
    expect(first.items).toHaveLength(2);
  });

  itRefusesQueries(harness, '/deployments', [
    ['?outcome=superb', /outcome/],
    ['?type=commit', /type/],
    ['?result=broken', /result/],
    [
      '?from=2026-11-30T12:00:00Z&to=2026-11-30T11:00:00Z',
      /from must not be later than to/,
    ],
    ['?entity=component:', /Invalid entity "component:"/],
    ['?limit=1000', /limit/],
    ['?from=yesterday', /from/],
    ['?color=blue', /color/],
  ]);
});
