// The delivery insights on a real database, figures computed by hand: each
// entity's own figures (an application shared by two entities counting for
// both), and CI's lead time from the expectations it posted.
import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { deploymentRow } from '../database/deploymentRows';
import type { ApplicationKey } from '../database/types';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { deploymentRecord } from '../testing/records';
import {
  deliveryInsights,
  InsightsOptions,
  portalDeliveryInsights,
} from './deliveryInsights';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const hoursBefore = (hours: number) =>
  new Date(NOW.getTime() - hours * 3600_000).toISOString();
const HOUR = 3600;

const app = (instance: string, name: string): ApplicationKey => ({
  instance,
  namespace: 'argocd',
  name,
});
const API_STAGING = app('staging', 'api-staging');
const API_PROD = app('prod', 'api-prod');
const WEB_PROD = app('prod', 'web-prod');
/** A database both entities use. */
const SHARED_PROD = app('prod', 'shared-db-prod');

const API = 'component:default/api';
const WEB = 'component:default/web';
const ENTITIES: Record<string, ApplicationKey[]> = {
  [API]: [API_STAGING, API_PROD, SHARED_PROD],
  [WEB]: [WEB_PROD, SHARED_PROD],
};

/** Stored applications as the figures read them: where they are decides their environment. */
const snapshotStore = {
  getApplications: async (keys: ApplicationKey[]) =>
    keys.map(key => ({
      snapshot: { ...key, destination: { namespace: key.name } },
    })),
} as unknown as ArgoPulseStore;

describeOnEachDatabase('delivery insights on %s', database => {
  let id = 0;

  async function setup(): Promise<Knex> {
    const knex = await database.knex();
    // Migrates the database.
    await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex }),
    });
    for (const [entityRef, keys] of Object.entries(ENTITIES)) {
      const name = entityRef.split('/')[1];
      await knex('argo_pulse_entities').insert({
        entity_ref: entityRef,
        kind: 'component',
        namespace: 'default',
        name,
      });
      await knex('argo_pulse_entity_applications').insert(
        keys.map(k => ({
          entity_ref: entityRef,
          instance: k.instance,
          app_namespace: k.namespace,
          application: k.name,
        })),
      );
    }

    const deployed = (
      key: ApplicationKey,
      hoursAgo: number,
      status: 'healthy' | 'degraded' | 'failed',
      healthyAfterSeconds?: number,
    ) => {
      id++;
      return deploymentRow(
        deploymentRecord(key.name, {
          instance: key.instance,
          ...(status === 'failed'
            ? { syncResult: { phase: 'Failed' } }
            : { historyId: id }),
          revisions: [`r${id}`],
          finishedAt: hoursBefore(hoursAgo),
          result: {
            status,
            settledAt: hoursBefore(hoursAgo),
            ...(healthyAfterSeconds !== undefined
              ? { healthyAfterSeconds }
              : {}),
          },
        }),
      );
    };
    await knex('argo_pulse_deployments').insert([
      deployed(API_STAGING, 50, 'healthy'),
      deployed(API_PROD, 48, 'healthy'),
      deployed(API_PROD, 30, 'degraded'),
      // Healthy 10 minutes after its sync: restored 1 h 10 min after the degraded one.
      deployed(API_PROD, 29, 'healthy', 600),
      deployed(SHARED_PROD, 20, 'healthy'),
      deployed(SHARED_PROD, 10, 'failed'),
      deployed(WEB_PROD, 5, 'healthy'),
      // Before the window.
      deployed(WEB_PROD, 8 * 24, 'degraded'),
    ]);

    const posted = async (
      expectationId: string,
      targets: ApplicationKey[],
      state: string,
      createdHoursAgo: number,
      resolvedHoursAgo: number,
    ) => {
      await knex('argo_pulse_expectations').insert({
        id: expectationId,
        images: '[]',
        state,
        created_at: hoursBefore(createdHoursAgo),
        deadline_at: hoursBefore(createdHoursAgo - 1),
        resolved_at: hoursBefore(resolvedHoursAgo),
        progress: '{}',
      });
      await knex('argo_pulse_expectation_targets').insert(
        targets.map((k, position) => ({
          expectation_id: expectationId,
          instance: k.instance,
          namespace: k.namespace,
          application: k.name,
          position,
        })),
      );
    };
    // 2 h, to staging and production.
    await posted('x-api', [API_STAGING, API_PROD], 'deployed', 31, 29);
    // 30 min, for both entities' production applications: counted once in each figure.
    await posted('x-shared', [SHARED_PROD, WEB_PROD], 'deployed', 20.5, 20);
    // 1 h.
    await posted('x-web', [WEB_PROD], 'deployed', 6, 5);
    // Not deployed, or deployed before the window: not counted.
    await posted('x-failed', [WEB_PROD], 'failed', 6, 5);
    await posted('x-old', [WEB_PROD], 'deployed', 8 * 24 + 1, 8 * 24);
    return knex;
  }

  const options = (db: Knex): InsightsOptions => ({
    db,
    store: snapshotStore,
    environments: [
      { name: 'staging', places: [{ instance: 'staging' }] },
      { name: 'production', places: [{ instance: 'prod' }] },
    ],
    instances: ['staging', 'prod'],
    productionEnvironments: ['production'],
    days: 7,
    now: NOW,
  });

  it("each entity's figures, per environment and for production, an application shared by both counting for each; CI's lead time from the expectations it posted", async () => {
    const db = await setup();
    const insights = await portalDeliveryInsights({
      ...options(db),
      filters: { entityRefs: [API, WEB] },
      access: { kind: 'all' },
    });
    expect(insights.entityRefs).toEqual([API, WEB]);

    const apiStaging = {
      deployments: 1,
      failedSyncs: 0,
      frequency: { perDay: 1 / 7, band: 'high' },
      changeFailureRate: { rate: 0, failures: 0, settled: 1, band: 'elite' },
      ciLeadTime: { medianSeconds: 2 * HOUR, p90Seconds: 2 * HOUR, count: 1 },
      unsettled: 0,
    };
    // api-prod's three and the shared database's two, one a failed sync.
    const apiProduction = {
      deployments: 4,
      failedSyncs: 1,
      frequency: { perDay: 4 / 7, band: 'high' },
      // The degraded one and the failed sync, of 5.
      changeFailureRate: { rate: 2 / 5, failures: 2, settled: 5, band: 'low' },
      timeToRestore: {
        medianSeconds: 4200,
        p90Seconds: 4200,
        count: 1,
        band: 'high',
      },
      // x-shared (30 min) and x-api (2 h).
      ciLeadTime: { medianSeconds: 1800, p90Seconds: 2 * HOUR, count: 2 },
      unsettled: 0,
    };
    // web-prod's one in the window and the shared database's two.
    const webProduction = {
      deployments: 2,
      failedSyncs: 1,
      frequency: { perDay: 2 / 7, band: 'high' },
      changeFailureRate: { rate: 1 / 3, failures: 1, settled: 3, band: 'low' },
      // x-shared once, though it targets two of web's applications, and x-web (1 h).
      ciLeadTime: { medianSeconds: 1800, p90Seconds: HOUR, count: 2 },
      unsettled: 0,
    };
    expect(insights.entities).toEqual([
      {
        entityRef: API,
        production: apiProduction,
        environments: [
          { environment: 'staging', figures: apiStaging },
          { environment: 'production', figures: apiProduction },
        ],
      },
      {
        entityRef: WEB,
        production: webProduction,
        environments: [{ environment: 'production', figures: webProduction }],
      },
    ]);

    // Together the shared database's deployments count once.
    expect(insights.production).toEqual({
      deployments: 5,
      failedSyncs: 1,
      frequency: { perDay: 5 / 7, band: 'high' },
      changeFailureRate: { rate: 2 / 6, failures: 2, settled: 6, band: 'low' },
      timeToRestore: {
        medianSeconds: 4200,
        p90Seconds: 4200,
        count: 1,
        band: 'high',
      },
      // x-shared, x-web and x-api.
      ciLeadTime: { medianSeconds: HOUR, p90Seconds: 2 * HOUR, count: 3 },
      unsettled: 0,
    });
    expect(insights.environments).toEqual([
      { environment: 'staging', figures: apiStaging },
      { environment: 'production', figures: insights.production },
    ]);
    // A 7-day window is one week: its figures are the production figures.
    expect(insights.weeks).toEqual([
      {
        from: hoursBefore(7 * 24),
        byResult: { healthy: 4, degraded: 1, failed: 1 },
        figures: insights.production,
      },
    ]);
  });

  it("one entity's own route: the entity has all the applications", async () => {
    const db = await setup();
    const insights = await deliveryInsights(options(db), [WEB], ENTITIES[WEB]);
    expect(insights.entities).toEqual([
      {
        entityRef: WEB,
        production: insights.production,
        environments: insights.environments,
      },
    ]);
    expect(insights.production).toMatchObject({
      deployments: 2,
      ciLeadTime: { medianSeconds: 1800, p90Seconds: HOUR, count: 2 },
    });
  });

  it('without a deployed expectation in the window, no CI lead time', async () => {
    const db = await setup();
    const insights = await deliveryInsights(options(db), [WEB], [API_STAGING]);
    expect(insights.production.ciLeadTime).toBeUndefined();
    expect(insights.environments[0].figures.ciLeadTime).toBeDefined();
    await db('argo_pulse_expectations').update({ state: 'superseded' });
    expect(
      (await deliveryInsights(options(db), [WEB], [API_STAGING]))
        .environments[0].figures.ciLeadTime,
    ).toBeUndefined();
  });
});
