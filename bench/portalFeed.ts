// The portal-wide feed (GET /deployments) at a large portal: 100,000 history rows of 5,000
// applications belonging to 2,000 entities of 50 teams, and 20,000 expectations CI posted
// for them, on SQLite and PostgreSQL. Prints p50 and p99 of each kind of page a user asks
// for, the page's rows read in full as the route does, beside the target (p99 under 50 ms).
// Then the version matrix of the same portal (bench/portalVersions.ts).
// Run: npm run bench:deployments (part of npm run bench). Not part of npm test.
import {
  DatabaseArgoPulseStore,
  DatabaseExpectationStore,
  portalFeed,
  PortalFeedFilters,
} from '../plugins/argo-pulse-backend/src/internals';
import type { EntityAccess } from '../plugins/argo-pulse-backend/src/internals';
import { benchDatabase } from './benchDatabase';
import { databaseService } from './benchServices';

import {
  ENTITIES,
  EXPECTATIONS,
  fillPortal,
  ROWS,
  team,
  TEAMS,
} from './portalData';
import { measureVersions } from './portalVersions';
import { timedRow } from './timedRow';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TARGET_P99_MS = 50;

const PAGES: Array<[string, PortalFeedFilters, EntityAccess, number]> = [
  ['newest page, everything readable', {}, { kind: 'all' }, 0],
  [
    'newest page, a policy: only my team owns',
    {},
    {
      kind: 'conditional',
      criteria: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: [team(7)] },
      },
    },
    0,
  ],
  ['owned by my team (filter)', { owners: [team(7)] }, { kind: 'all' }, 0],
  [
    'one entity',
    { entityRefs: ['component:default/service-1234'] },
    { kind: 'all' },
    0,
  ],
  ['a system', { systems: ['system:default/system-42'] }, { kind: 'all' }, 0],
  [
    'prod failures in a month',
    {
      instances: ['prod'],
      outcomes: ['failed'],
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-07-01T00:00:00.000Z',
    },
    { kind: 'all' },
    0,
  ],
  ['page 50 of everything', {}, { kind: 'all' }, 49 * 20],
  ['pending expectations', { outcomes: ['pending'] }, { kind: 'all' }, 0],
  [
    'expectations only, superseded, a policy: only my team owns',
    { types: ['expectation'], outcomes: ['superseded'] },
    {
      kind: 'conditional',
      criteria: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: [team(7)] },
      },
    },
    0,
  ],
  [
    'a policy with a rule the index cannot apply',
    {},
    {
      kind: 'conditional',
      criteria: {
        anyOf: [
          {
            rule: 'HAS_SPEC',
            resourceType: 'catalog-entity',
            params: { key: 'x' },
          },
          {
            rule: 'IS_ENTITY_KIND',
            resourceType: 'catalog-entity',
            params: { kinds: ['resource'] },
          },
        ],
      },
    },
    0,
  ],
];

async function measure(
  kind: string,
): Promise<{ feed: string[]; versions: string[] }> {
  const { knex, drop } = await benchDatabase(kind);
  try {
    const database = databaseService(knex);
    const store = await DatabaseArgoPulseStore.create({ database });
    const expectationStore = await DatabaseExpectationStore.create({
      database,
    });
    await fillPortal(knex, store);
    const feed: string[] = [];
    for (const [name, filters, access, offset] of PAGES) {
      const row = await timedRow(
        kind,
        name,
        { runs: RUNS, targetMs: TARGET_P99_MS },
        async () => {
          const page = await portalFeed(knex, {
            filters,
            access,
            limit: 20,
            offset,
          });
          // Read in full, as the route does before it answers.
          const ids = (type: string) =>
            page.items.filter(item => item.type === type).map(item => item.id);
          await Promise.all([
            store.getDeploymentsById(ids('deployment')),
            expectationStore.getMany(ids('expectation')),
          ]);
          return page.items.length;
        },
      );
      feed.push(row);
    }
    return {
      feed,
      versions: await measureVersions(knex, store, kind, RUNS, TARGET_P99_MS),
    };
  } finally {
    await drop();
  }
}

async function main() {
  console.log(
    `Portal feed: ${ROWS.toLocaleString(
      'en',
    )} history rows and ${EXPECTATIONS.toLocaleString(
      'en',
    )} expectations, ${ENTITIES} entities of ${TEAMS} teams, ${RUNS} runs per page; target p99 < ${TARGET_P99_MS} ms\n`,
  );
  const results = [];
  for (const kind of (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(
    ',',
  ))
    results.push(await measure(kind));
  console.log('| database | page | rows | p50 | p99 | target |');
  console.log('|---|---|---|---|---|---|');
  results.flatMap(result => result.feed).forEach(line => console.log(line));
  console.log(
    `\nVersion matrix (GET /versions), same portal, dev → staging → prod, pages of 50 entities, each application's last 100 deployments read; ${RUNS} runs each\n`,
  );
  console.log('| database | matrix | entities | p50 | p99 | target |');
  console.log('|---|---|---|---|---|---|');
  results.flatMap(result => result.versions).forEach(line => console.log(line));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
