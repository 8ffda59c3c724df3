// GET /insights through the real plugin on the demo scenario: a team's delivery figures from
// the stored history, a rollout that degrades counted as a failure, a conditional decision
// applied in the query, bad queries.
import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import {
  itRefusesQueries,
  portalPluginForEachTest,
  rollOut,
} from '../testing/pluginHarness';

const PAYMENTS_TEAM = 'group:default/team-payments';

describeOnEachDatabase('GET /insights on %s', database => {
  const { harness, onlyOwnedBy } = portalPluginForEachTest(database, {
    // A degraded rollout is settled at the next poll, not two minutes later.
    expectations: { degradedGrace: { milliseconds: 1 } },
  });

  const insightsOf = async (query: string) => {
    const { status, body } = await harness.get(`/insights${query}`);
    expect(status).toBe(200);
    return body as ArgoPulseInsightsResponse;
  };

  it("a team's figures per environment and for production, from the stored history alone; a degraded rollout is a failure", async () => {
    const before = await insightsOf(`?owner=${PAYMENTS_TEAM}&window=30d`);
    expect(before.entityRefs).toEqual([
      'component:default/notifications-worker',
      'component:default/payments-api',
    ]);
    expect(before.window.days).toBe(30);
    expect(before.productionEnvironments).toEqual(['production']);
    expect(before.environments.map(e => e.environment)).toEqual([
      'development',
      'staging',
      'production',
    ]);
    expect(before.weeks).toHaveLength(5);
    const production = before.environments.find(
      e => e.environment === 'production',
    )!.figures;
    expect(before.production).toEqual(production);
    // The seed history predates the plugin: its older entries were never watched settling.
    expect(production.unsettled).toBeGreaterThan(0);

    rollOut(harness, 'prod', 'payments-api-prod', {
      images: ['ghcr.io/acme/payments-api:9.0.0'],
      outcome: 'degraded',
    });
    await harness.poll('prod');
    const after = (await insightsOf(`?owner=${PAYMENTS_TEAM}`)).production;
    expect(after.deployments).toBe(production.deployments + 1);
    expect(after.changeFailureRate!.failures).toBe(
      (production.changeFailureRate?.failures ?? 0) + 1,
    );
    expect(
      (await insightsOf(`?owner=${PAYMENTS_TEAM}`)).weeks.at(-1)!.byResult
        .degraded,
    ).toBeGreaterThanOrEqual(1);
  });

  it("one entity's figures, as its card asks, from its own annotations (the entity index not needed)", async () => {
    const { status, body } = await harness.get(
      '/entities/component/default/payments-api/insights?window=7d',
    );
    expect(status).toBe(200);
    const one = body as ArgoPulseInsightsResponse;
    expect(one.entityRefs).toEqual(['component:default/payments-api']);
    expect(one.window.days).toBe(7);
    expect(one.production.deployments).toBeGreaterThan(0);
    expect(
      (
        await harness.get(
          '/entities/component/default/payments-api/insights?window=1d',
        )
      ).status,
    ).toBe(400);
  });

  it("a caller who may see only another team's entities gets no figure of this team's", async () => {
    onlyOwnedBy('group:default/team-storefront');
    const insights = await insightsOf(`?owner=${PAYMENTS_TEAM}`);
    expect(insights.entityRefs).toEqual([]);
    expect(insights.production.deployments).toBe(0);
    expect(insights.environments).toEqual([]);
  });

  itRefusesQueries(harness, '/insights', [
    ['?window=1y', /window/],
    ['?limit=5', /limit/],
  ]);
});
