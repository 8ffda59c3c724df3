// GET /versions through the real plugin on the demo scenario: a team's services in one
// matrix, one entry per entity, columns shared; drift after a rollout to staging alone;
// a conditional decision applied in the query; bad queries.
import type { PortalVersionMatrixResponse } from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import {
  itRefusesQueries,
  portalPluginForEachTest,
  rollOut,
} from '../testing/pluginHarness';

const PAYMENTS_TEAM = 'group:default/team-payments';

describeOnEachDatabase('GET /versions on %s', database => {
  /** The policy: everything, or (conditionally) only the entities one team owns. */
  const { harness, onlyOwnedBy } = portalPluginForEachTest(database);

  const matrixOf = async (query: string) => {
    const { status, body } = await harness.get(`/versions${query}`);
    expect(status).toBe(200);
    return body as PortalVersionMatrixResponse;
  };
  /** Each entity's first image, as `entity: version per column`. */
  const overview = (matrix: PortalVersionMatrixResponse) =>
    matrix.entities.map(
      e =>
        `${e.entityRef.split('/')[1]}: ${e.rows[0]?.cells
          .map(c => c.versions.map(v => v.version).join('+') || '-')
          .join(' ')}`,
    );

  it("a team's services, one entry per entity, with the environments as shared columns; drift after a rollout to staging alone", async () => {
    let matrix = await matrixOf(`?owner=${PAYMENTS_TEAM}`);
    expect(matrix.environments).toEqual([
      'development',
      'staging',
      'production',
    ]);
    expect(matrix.entities.map(e => e.entityRef)).toEqual([
      'component:default/notifications-worker',
      'component:default/payments-api',
    ]);
    expect(overview(matrix)).toEqual([
      'notifications-worker: 2.0.3 - 2.0.1',
      'payments-api: 1.7.4 1.7.4 1.7.4',
    ]);
    expect(matrix.entities[1].drift).toEqual([]);

    rollOut(harness, 'staging', 'payments-api-staging', {
      images: ['ghcr.io/acme/payments-api:1.9.0'],
    });
    await harness.poll('staging');

    matrix = await matrixOf(`?owner=${PAYMENTS_TEAM}`);
    const payments = matrix.entities.find(
      e => e.entityRef === 'component:default/payments-api',
    )!;
    expect(overview(matrix)).toEqual([
      'notifications-worker: 2.0.3 - 2.0.1',
      'payments-api: 1.7.4 1.9.0 1.7.4',
    ]);
    expect(payments.drift.map(d => d.message)).toContain(
      'production is 1 deployment behind staging',
    );
  });

  it('a system, and pages with nextOffset', async () => {
    expect(
      (await matrixOf('?system=system:default/payments')).entities.map(
        e => e.entityRef,
      ),
    ).toEqual(['component:default/payments-api']);
    const everything = await matrixOf('');
    expect(everything.entities.length).toBeGreaterThan(2);
    const first = await matrixOf('?limit=2');
    expect(first).toMatchObject({ nextOffset: 2 });
    expect(first.entities.map(e => e.entityRef)).toEqual(
      everything.entities.slice(0, 2).map(e => e.entityRef),
    );
  });

  it('a conditional decision is applied in the query: no entity of another team, whatever the filters ask', async () => {
    onlyOwnedBy('group:default/team-storefront');
    expect((await matrixOf('')).entities.map(e => e.entityRef)).toEqual([
      'component:default/cart-api',
      'component:default/checkout-web',
    ]);
    expect((await matrixOf(`?owner=${PAYMENTS_TEAM}`)).entities).toEqual([]);
  });

  itRefusesQueries(harness, '/versions', [
    ['?limit=0', /limit/],
    ['?outcome=failed', /outcome/],
  ]);
});
