// The demo's seeded history: seeded once, after the plugin's migrations, beside what the plugin
// records from the simulator; and the team figures GET /insights computes from it, as computed
// by hand from the data in demoDeliveryHistory.ts.
import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import { loadScenarioFile, startSimulator } from '@argo-pulse/argocd-simulator';
import { createTestDatabases } from '@argo-pulse/test-support';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
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
import type { Knex } from 'knex';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import argoPulsePlugin, {
  detailTaskId,
  ENTITY_INDEX_TASK_ID,
  pollTaskId,
} from '@argo-pulse/backstage-plugin-backend';
import {
  agoMs,
  DEMO_APP_NAMESPACE,
  DEMO_HISTORY,
  deploymentRows,
  seedDemoDeliveryHistory,
} from './demoDeliveryHistory';
import { createDemoHistorySeedModule } from './demoHistorySeedModule';

const SCENARIO = resolvePackagePath(
  '@argo-pulse/argocd-simulator',
  'scenarios/demo.yaml',
);
const CATALOG = resolvePackagePath(
  'backend',
  '../../test/fixtures/catalog.yaml',
);
const MIGRATIONS = resolvePackagePath(
  '@argo-pulse/backstage-plugin-backend',
  'migrations',
);
const TEAM = 'group:default/team-payments';
const DAY_MS = 24 * 3600_000;
/** A fixed "now" for the tests that only seed. */
const NOW = new Date('2026-12-10T12:00:00.000Z');

const migrate = (knex: Knex) =>
  knex.migrate.latest({
    directory: MIGRATIONS,
    tableName: 'argo_pulse_knex_migrations',
  });
const count = async (knex: Knex, table: string) =>
  Number((await knex(table).count({ n: '*' }))[0].n);

describe('the demo history, against the scenario', () => {
  it('seeds every application of the scenario, ending before the simulator created it, on the images it runs', async () => {
    const scenario = await loadScenarioFile(SCENARIO);
    const scenarioApps = scenario.instances.flatMap(instance =>
      instance.applications.map(app => ({ instance: instance.name, app })),
    );
    expect(
      DEMO_HISTORY.map(a => `${a.instance}/${a.application}`).sort(),
    ).toEqual(scenarioApps.map(s => `${s.instance}/${s.app.name}`).sort());
    for (const seeded of DEMO_HISTORY) {
      const { app } = scenarioApps.find(
        s =>
          s.instance === seeded.instance && s.app.name === seeded.application,
      )!;
      const rows = deploymentRows(seeded, NOW).map(k => k.row);
      const newest = rows.filter(r => r.history_id !== null).at(-1)!;
      // The simulator creates the application historyDepth + 1 days before it starts.
      expect(Date.parse(newest.finished_at as string)).toBeLessThan(
        NOW.getTime() - (app.historyDepth + 1) * DAY_MS,
      );
      expect(JSON.parse(newest.images as string)).toEqual(app.images);
      // Numbered up to −1, just before the simulator's 0.
      expect(newest.history_id).toBe(-1);
    }
  });
});

describe.each(createTestDatabases().eachSupportedId())(
  'the demo history seed on %s',
  databaseId => {
    const databases = createTestDatabases();

    it('seeds once: a second run (a restart) inserts nothing, and rows Argo Pulse recorded stay as they were', async () => {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      // A row the plugin recorded before the seed (history id 0, as Argo CD numbers).
      const real = {
        instance: 'prod',
        namespace: DEMO_APP_NAMESPACE,
        application: 'payments-api-prod',
        history_id: 0,
        event_key: 'a'.repeat(64),
        revisions: '["abc"]',
        sources: '[]',
        finished_at: NOW.toISOString(),
        images: '["ghcr.io/acme/payments-api:1.7.4"]',
        result: 'progressing',
      };
      await knex('argo_pulse_deployments').insert(real);

      const first = await seedDemoDeliveryHistory(knex, NOW);
      expect(first.seeded).toBe(true);
      const counts = {
        deployments: await count(knex, 'argo_pulse_deployments'),
        commits: await count(knex, 'argo_pulse_commits'),
        expectations: await count(knex, 'argo_pulse_expectations'),
        targets: await count(knex, 'argo_pulse_expectation_targets'),
      };
      expect(counts).toEqual({
        deployments: first.deployments + 1,
        commits: first.commits,
        expectations: 4,
        targets: 4,
      });

      // A day later, as a restart would.
      const again = await seedDemoDeliveryHistory(
        knex,
        new Date(NOW.getTime() + DAY_MS),
      );
      expect(again.seeded).toBe(false);
      expect({
        deployments: await count(knex, 'argo_pulse_deployments'),
        commits: await count(knex, 'argo_pulse_commits'),
        expectations: await count(knex, 'argo_pulse_expectations'),
        targets: await count(knex, 'argo_pulse_expectation_targets'),
      }).toEqual(counts);
      const stored = await knex('argo_pulse_deployments')
        .where({ event_key: real.event_key })
        .first('history_id', 'result', 'finished_at');
      expect({ ...stored, history_id: Number(stored.history_id) }).toEqual({
        history_id: 0,
        result: 'progressing',
        finished_at: real.finished_at,
      });
      await knex.destroy();
    });

    describe('with the real plugin and the simulator', () => {
      let stop: () => Promise<void>;
      let get: (path: string) => Promise<request.Response>;
      let restart: () => Promise<void>;
      let knex: Knex;
      /** The seed's clock: a fixed instant, when the test starts (the routes read the real clock). */
      const seededAt = new Date();

      beforeAll(async () => {
        const simulator = await startSimulator({
          scenario: await loadScenarioFile(SCENARIO),
          loginFailureDelayMs: 0,
        });
        knex = await databases.init(databaseId);
        const scenario = await loadScenarioFile(SCENARIO);
        const instances = scenario.instances.map(i =>
          i.name === 'prod'
            ? {
                name: 'prod',
                url: simulator.instanceUrl('prod'),
                username: 'admin',
                password: 'demo-admin-password',
              }
            : {
                name: i.name,
                url: simulator.instanceUrl(i.name),
                token: i.auth.tokens[0],
              },
        );
        const entities = parseAllDocuments(readFileSync(CATALOG, 'utf8')).map(
          d => {
            const entity = d.toJSON() as Entity;
            entity.metadata.namespace ??= 'default';
            return entity;
          },
        );
        // The mock scheduler runs tasks only when triggered (as the plugin's own tests do).
        let scheduler: SchedulerService & {
          factory(options: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
          waitForTask(id: string): Promise<void>;
        };
        let backend: Awaited<ReturnType<typeof startTestBackend>>;
        const start = async () => {
          scheduler = mockServices.scheduler() as typeof scheduler;
          backend = await startTestBackend({
            features: [
              argoPulsePlugin,
              createDemoHistorySeedModule({ now: () => seededAt }),
              mockServices.rootConfig.factory({
                data: {
                  argoPulse: {
                    instances,
                    // As app-config.yaml: prod is the production environment.
                    environments: [
                      { name: 'dev', instances: ['dev'] },
                      { name: 'staging', instances: ['staging'] },
                      { name: 'prod', instances: ['prod'] },
                    ],
                    // The simulator's degraded notifications-worker-prod settles at the first
                    // poll, as it does two minutes into the demo.
                    expectations: { degradedGrace: { milliseconds: 1 } },
                  },
                },
              }),
              mockServices.database.factory({ knex }),
              scheduler.factory({ skipTaskRunOnStartup: true }),
              catalogServiceMock.factory({ entities }),
              mockServices.events.mock().factory,
            ],
          });
        };
        const runTask = async (id: string) => {
          const current = scheduler
            .waitForTask(id)
            .catch(e => e ?? new Error(id));
          await scheduler.triggerTask(id);
          const failure = await current;
          if (failure) throw failure;
          await scheduler.triggerTask(id);
        };
        // A fresh database: the seed's startup hook finds the plugin's tables (it ran after the
        // migrations), then the first poll stores the simulator's history beside it.
        await start();
        for (const name of ['dev', 'staging', 'prod']) {
          await scheduler!.triggerTask(pollTaskId(name));
          await scheduler!.triggerTask(detailTaskId(name));
        }
        await runTask(ENTITY_INDEX_TASK_ID);
        const authorization = mockCredentials.user.header();
        get = path =>
          request(backend!.server)
            .get(`/api/argo-pulse${path}`)
            .set('Authorization', authorization);
        restart = async () => {
          await backend.stop();
          await start();
        };
        stop = async () => {
          await backend.stop();
          await simulator.close();
        };
      });
      afterAll(async () => {
        await stop?.();
      });

      const insights = async (window: string) => {
        const { status, body } = await get(
          `/insights?owner=${TEAM}&window=${window}`,
        );
        expect(status).toBe(200);
        return body as ArgoPulseInsightsResponse;
      };
      const deploymentsOf = async (kind: 'seeded' | 'recorded') =>
        Number(
          (
            await knex('argo_pulse_deployments')
              .modify(q =>
                kind === 'seeded'
                  ? q.where('history_id', '<', 0).orWhereNull('history_id')
                  : q.where('history_id', '>=', 0),
              )
              .count({ n: '*' })
          )[0].n,
        );

      it('seeded after the migrations, beside the history the plugin recorded from the simulator; a restart seeds nothing', async () => {
        const seeded = DEMO_HISTORY.flatMap(a => deploymentRows(a, seededAt));
        expect(await deploymentsOf('seeded')).toBe(seeded.length);
        // The simulator's history, as Argo CD keeps it: historyDepth entries per application (default 3).
        // payments-api 5 + 4 + 8, notifications-worker 3 + 3, checkout-web 3 × 3, inventory 4 × 3,
        // cart-api 4.
        expect(await deploymentsOf('recorded')).toBe(17 + 6 + 9 + 12 + 4);
        // The store found no entry missed between the seeded −1 and the simulator's 0.
        expect(
          await knex('argo_pulse_deployments').whereNotNull('missed_before'),
        ).toEqual([]);

        await restart();
        expect(await deploymentsOf('seeded')).toBe(seeded.length);
      });

      it("the history route shows the rollback pointing at the deployment it went back to, by the route's own id", async () => {
        const { body } = await get(
          '/entities/component/default/payments-api/history?limit=100',
        );
        const items = body.items as Array<{
          id: string;
          application: string;
          images: string[];
          rollbackOf?: string;
          finishedAt: string;
        }>;
        const rollback = items.find(d => d.rollbackOf)!;
        expect(rollback).toMatchObject({
          application: 'payments-api-prod',
          images: ['ghcr.io/acme/payments-api:1.6.0'],
        });
        const undone = items.find(d => d.id === rollback.rollbackOf)!;
        expect(undone.images).toEqual(['ghcr.io/acme/payments-api:1.6.0']);
        expect(
          Date.parse(rollback.finishedAt) - Date.parse(undone.finishedAt),
        ).toBe(agoMs(seededAt, [56, 4]) - agoMs(seededAt, [63, 5]));
      });

      // The figures of team-payments (payments-api: dev, staging, prod; notifications-worker:
      // dev, prod), by hand. The production environment is prod. Seeded rows (demoDeliveryHistory.ts):
      //   payments-api-prod: 16 releases (20 h lead, healthy 90 s after), 1.6.1 degraded at 56d5h
      //     rolled back to 1.6.0 at 56d4h (by alice), 1.7.2 degraded at 23d14h, the 1.7.3 hotfix at
      //     23d5h (3 h lead): 18 rows, 1.7.2 (23d14h), 1.7.3 (23d5h), 1.7.4 (14d5h) in the last 30 days.
      //   notifications-worker-prod: 7 rows (healthy 120 s after), 1.9.0 degraded at 55d5h, fixed by
      //     1.9.1 at 54d3h; 2.0.0 (26d5h, 192 h lead) and 2.0.1 (12d5h, 192 h lead) in the last 30 days.
      // Plus what the first poll recorded from the simulator, all within the last 8 days:
      //   payments-api-prod 8 entries: 7 `unknown` (never watched settling), the newest healthy
      //     (its commit 2 minutes before its sync: a lead time of about 3 minutes, the smallest);
      //   notifications-worker-prod 3 entries: 2 `unknown`, the newest degraded (it is Degraded).
      // So production adds 11 deployments, 9 unsettled, 2 settled (1 failure), 1 lead time.
      it('the last 30 days of team-payments, as computed by hand', async () => {
        const figures = await insights('30d');
        expect(figures.entityRefs).toEqual([
          'component:default/notifications-worker',
          'component:default/payments-api',
        ]);
        expect(figures.production).toMatchObject({
          // 3 + 2 seeded + 11 recorded = 16
          deployments: 16,
          failedSyncs: 0,
          // 16 / 30 = 0.533 a day: at least weekly (1/7), not daily: high
          frequency: { perDay: 16 / 30, band: 'high' },
          // Healthy with a commit: the simulator's (~3 min); 1.7.3: 3 h + 90 s = 10 890 s;
          // 1.7.4: 20 h + 90 s = 72 090 s; 2.0.0 and 2.0.1: 192 h + 120 s = 691 320 s.
          // 5 sorted: median the 3rd (⌈0.5 × 5⌉) = 72 090 s (< 1 day: elite); p90 the 5th (⌈4.5⌉).
          leadTime: {
            medianSeconds: 72090,
            p90Seconds: 691320,
            count: 5,
            band: 'elite',
          },
          // Settled: 5 seeded + the simulator's 2 newest = 7; failing: 1.7.2 and the simulator's
          // degraded notifications-worker = 2. 2 / 7 = 28.6 % (> 15 %: low)
          changeFailureRate: {
            rate: 2 / 7,
            failures: 2,
            settled: 7,
            band: 'low',
          },
          // 1.7.2 failed at 23d14h, 1.7.3 healthy at 23d5h + 90 s: 9 h + 90 s = 32 490 s (< 1 day:
          // high); notifications-worker's degraded newest is not restored yet.
          timeToRestore: {
            medianSeconds: 32490,
            p90Seconds: 32490,
            count: 1,
            band: 'high',
          },
          // The simulator's 7 + 2 older entries
          unsettled: 9,
        });
        const environment = (name: string) =>
          figures.environments.find(e => e.environment === name)!.figures;
        expect(figures.environments.map(e => e.environment)).toEqual([
          'dev',
          'staging',
          'prod',
        ]);
        // dev: payments-api 1.7.2 (25d), 1.7.3 (23d9h), 1.7.4 (16d); notifications-worker 2.0.1
        // (20d), 2.0.2 (13d), 2.0.3 (7d5h); the simulator's 5 + 3: 3 + 3 + 8 = 14.
        expect(environment('dev')).toMatchObject({
          deployments: 14,
          failedSyncs: 0,
        });
        // staging: payments-api 1.7.2 (24d), 1.7.3 (23d7h), 1.7.4 (15d) + the simulator's 4 = 7.
        expect(environment('staging')).toMatchObject({
          deployments: 7,
          failedSyncs: 0,
        });
      });

      it('the last 90 days of team-payments, as computed by hand', async () => {
        const figures = await insights('90d');
        expect(figures.production).toMatchObject({
          // 18 + 7 seeded + 11 recorded = 36
          deployments: 36,
          failedSyncs: 0,
          // 36 / 90 = 0.4 a day: high
          frequency: { perDay: 0.4, band: 'high' },
          // Healthy with a commit, 23 in all: the simulator's (~3 min); the hotfix 10 890 s;
          // 14 releases at 72 090 s; 1.9.1: 24 h + 120 s = 86 520 s; 1.8.1: 144 h + 120 s =
          // 518 520 s; 1.8.0 and 1.8.2: 168 h + 120 s = 604 920 s; the rollback, whose revision is
          // 1.6.0's, committed at 63d5h + 20 h = 64d1h, healthy at 56d4h + 90 s: 189 h + 90 s =
          // 680 490 s; 2.0.0 and 2.0.1: 691 320 s.
          // Median the 12th (⌈11.5⌉) of [~180, 10 890, 72 090 × 14, …] = 72 090 s: elite;
          // p90 the 21st (⌈20.7⌉): after the 16 first, 86 520, 518 520, 604 920 × 2, 680 490.
          leadTime: {
            medianSeconds: 72090,
            p90Seconds: 680490,
            count: 23,
            band: 'elite',
          },
          // Settled: 25 seeded + 2 = 27; failing: 1.6.1 (also the one the rollback undid), 1.7.2,
          // 1.9.0 and the simulator's degraded = 4. 4 / 27 = 14.8 % (≤ 15 %: medium)
          changeFailureRate: {
            rate: 4 / 27,
            failures: 4,
            settled: 27,
            band: 'medium',
          },
          // 1.6.1 (56d5h) → the rollback (56d4h + 90 s): 3 690 s; 1.7.2 → 1.7.3: 32 490 s;
          // 1.9.0 (55d5h) → 1.9.1 (54d3h + 120 s): 26 h + 120 s = 93 720 s.
          // Median the 2nd of 3 = 32 490 s (< 1 day: high); p90 the 3rd.
          timeToRestore: {
            medianSeconds: 32490,
            p90Seconds: 93720,
            count: 3,
            band: 'high',
          },
          unsettled: 9,
        });
        const environment = (name: string) =>
          figures.environments.find(e => e.environment === name)!.figures;
        // dev: payments-api 17 (16 releases + the hotfix), notifications-worker 9, the simulator's 8.
        expect(environment('dev')).toMatchObject({
          deployments: 34,
          failedSyncs: 0,
        });
        // staging: payments-api 17 syncs and the failed one of 1.6.2, the simulator's 4.
        expect(environment('staging')).toMatchObject({
          deployments: 21,
          failedSyncs: 1,
        });
      });
    });
  },
);
