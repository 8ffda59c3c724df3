// Delivery insights (GET /insights and GET /entities/…/insights) at the feed benchmark's size:
// 100,000 history rows of 5,000 applications belonging to 2,000 entities of 50 teams, here all
// within the last 90 days and settled as the plugin settles them (results, times to Healthy,
// rollbacks), seven in ten with their commit's date, and 20,000 expectations CI posted, resolved.
// Each request goes through a real backend (startTestBackend with the plugin, the catalog
// service mock holding the 2,000 entities) on SQLite and PostgreSQL, one after the other; prints
// p50, p95, p99 and max beside the target (p99 ≤ 100 ms for a team of 40 entities).
// Run: npm run bench:insights (part of npm run bench). Not part of npm test.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AddressInfo } from 'node:net';
import argoPulsePlugin from '../plugins/argo-pulse-backend/src';
import {
  DatabaseArgoPulseStore,
  DatabaseEntityIndex,
  DatabaseExpectationStore,
  refreshEntityIndex,
} from '../plugins/argo-pulse-backend/src/internals';
import { benchDatabase } from './benchDatabase';
import { databaseService } from './benchServices';
import {
  ENTITIES,
  EXPECTATIONS,
  fillPortal,
  INSTANCES,
  portalEntities,
  recentHistory,
  ROWS,
  team,
  TEAMS,
} from './portalData';
import { timed } from './timedRow';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TARGET_P99_MS = 100;
const DAYS = 90;
const TEAM = team(7);
const ENTITY = 'component/default/service-7';

/** [what the user asks for, the path under /api/argo-pulse]. */
const REQUESTS: Array<[string, string]> = [
  ["a team's figures (owner), 30 days", `/insights?owner=${TEAM}&window=30d`],
  ["a team's figures (owner), 90 days", `/insights?owner=${TEAM}&window=90d`],
  ["one entity's card, 30 days", `/entities/${ENTITY}/insights?window=30d`],
  ["one entity's card, 90 days", `/entities/${ENTITY}/insights?window=90d`],
];

/** The index's entities as the catalog holds them, annotated so the plugin's own index rebuild finds the same. */
const catalogEntities = (): Entity[] =>
  portalEntities().map(entry => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: entry.kind === 'resource' ? 'Resource' : 'Component',
    metadata: {
      name: entry.name,
      namespace: entry.namespace,
      labels: entry.labels,
      annotations: entry.annotations,
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: entry.owners[0],
      system: entry.system,
    },
  }));

interface InsightsAnswer {
  entityRefs?: string[];
  environments?: Array<{
    figures?: { deployments?: number; failedSyncs?: number };
  }>;
}

/** History rows the answer counted: deployments and failed syncs of every environment. */
const rowsOf = (answer: InsightsAnswer) =>
  (answer.environments ?? []).reduce(
    (sum, e) =>
      sum + (e.figures?.deployments ?? 0) + (e.figures?.failedSyncs ?? 0),
    0,
  );

/** Progress on stderr, apart from the figures. */
const started = performance.now();
const progress = (message: string) =>
  console.error(
    `[${((performance.now() - started) / 1000).toFixed(0)} s] ${message}`,
  );

async function measure(kind: string, now: Date): Promise<string[]> {
  progress(`${kind}: filling`);
  const { knex, drop } = await benchDatabase(kind);
  let stop = async () => {};
  try {
    const database = databaseService(knex);
    const store = await DatabaseArgoPulseStore.create({ database });
    await DatabaseExpectationStore.create({ database });
    await fillPortal(knex, store, recentHistory(now, DAYS));
    const entities = catalogEntities();
    // The index as the plugin builds it from the catalog: its first scheduled rebuild rewrites nothing.
    await refreshEntityIndex({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      store,
      index: new DatabaseEntityIndex(knex),
      configuredInstances: INSTANCES,
    });
    if (knex.client.config.client === 'pg') await knex.raw('ANALYZE');
    progress(`${kind}: starting the backend`);
    const backend = await startTestBackend({
      features: [
        argoPulsePlugin,
        mockServices.rootConfig.factory({
          data: {
            argoPulse: {
              // Nothing answers there: the first polls fail at once, and the next is an hour away.
              instances: INSTANCES.map(name => ({
                name,
                url: `http://127.0.0.1:9/${name}`,
                token: 'bench',
              })),
              polling: {
                frequency: { hours: 1 },
                timeout: { seconds: 5 },
                requestTimeout: { seconds: 2 },
              },
              history: { retention: { days: 365 } },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    stop = () => backend.stop();
    const { port } = backend.server.address() as AddressInfo;
    const headers = { Authorization: mockCredentials.user.header() };
    const get = async (path: string): Promise<InsightsAnswer> => {
      const response = await fetch(
        `http://127.0.0.1:${port}/api/argo-pulse${path}`,
        { headers },
      );
      const body = await response.json();
      if (!response.ok)
        throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    // Let the plugin's start-up tasks (first polls, index rebuild, settling) finish, then warm up.
    await new Promise(resolve => setTimeout(resolve, 5000));
    for (const [, path] of REQUESTS)
      for (let i = 0; i < 10; i++) await get(path);
    const lines: string[] = [];
    progress(`${kind}: measuring`);
    for (const [name, path] of REQUESTS) {
      const { last, p50, p95, p99, max } = await timed(RUNS, () => get(path));
      const ms = (value: number) => `${value.toFixed(1)} ms`;
      lines.push(
        `| ${kind} | ${name} | ${rowsOf(last)} | ${
          last.entityRefs?.length ?? 0
        } | ${ms(p50)} | ${ms(p95)} | ${ms(p99)} | ${ms(max)} | ${
          p99 <= TARGET_P99_MS ? 'met' : 'MISSED'
        } |`,
      );
    }
    return lines;
  } finally {
    progress(`${kind}: stopping`);
    await stop();
    await drop();
    progress(`${kind}: done`);
  }
}

async function main() {
  const now = new Date();
  console.log(
    `Delivery insights: ${ROWS.toLocaleString(
      'en',
    )} history rows over the last ${DAYS} days and ${EXPECTATIONS.toLocaleString(
      'en',
    )} expectations, ${ENTITIES} entities of ${TEAMS} teams; the team is ${TEAM} (${
      ENTITIES / TEAMS
    } entities), the entity ${ENTITY}; ${RUNS} requests each, one at a time, through a real backend; target p99 ≤ ${TARGET_P99_MS} ms\n`,
  );
  const lines: string[] = [];
  for (const kind of (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(
    ',',
  ))
    lines.push(...(await measure(kind, now)));
  console.log(
    '| database | request | rows in window | entities | p50 | p95 | p99 | max | target |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  lines.forEach(line => console.log(line));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
