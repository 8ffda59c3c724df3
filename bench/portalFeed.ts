// The portal-wide feed (GET /deployments) at a large portal: 100,000 history rows of 5,000
// applications belonging to 2,000 entities of 50 teams, and 20,000 expectations CI posted
// for them, on SQLite and PostgreSQL. Prints p50 and p99 of each kind of page a user asks
// for, the page's rows read in full as the route does, beside the target (p99 under 50 ms).
// Run: npm run bench:deployments (part of npm run bench). Not part of npm test.
import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseArgoPulseStore } from '../plugins/argo-pulse-backend/src/database/DatabaseArgoPulseStore';
import { chunks } from '../plugins/argo-pulse-backend/src/database/connectDatabase';
import { deploymentRow } from '../plugins/argo-pulse-backend/src/database/deploymentRows';
import { PortalFeedFilters, portalFeed } from '../plugins/argo-pulse-backend/src/deployments/portalFeed';
import type { EntityAccess } from '../plugins/argo-pulse-backend/src/entities/entityFilters';
import { DatabaseExpectationStore } from '../plugins/argo-pulse-backend/src/expectations/DatabaseExpectationStore';
import { DatabaseEntityIndex } from '../plugins/argo-pulse-backend/src/entities/DatabaseEntityIndex';
import type { EntityIndexEntry } from '../plugins/argo-pulse-backend/src/entities/entityIndexEntries';
import { benchDatabase } from './benchDatabase';
import { percentile } from './detection';

const ENTITIES = 2000;
const TEAMS = 50;
const INSTANCES = ['dev', 'staging', 'prod'];
const ROWS = 100_000;
const EXPECTATIONS = 20_000;
const YEAR_START = Date.parse('2025-12-01T00:00:00.000Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TARGET_P99_MS = 50;

const team = (n: number) => `group:default/team-${n % TEAMS}`;

function entities(): EntityIndexEntry[] {
  return Array.from({ length: ENTITIES }, (_, n) => ({
    entityRef: `component:default/service-${n}`,
    kind: n % 10 === 0 ? 'resource' : 'component',
    namespace: 'default',
    name: `service-${n}`,
    system: `system:default/system-${n % 200}`,
    owners: [team(n)],
    labels: { tier: n % 3 === 0 ? 'critical' : 'standard' },
    annotations: { 'argocd/app-selector': `app=service-${n}` },
    // Most services run in every environment; some only in production.
    applications: (n % 3 === 2 ? ['prod'] : INSTANCES).map(instance => ({ instance, namespace: 'argocd', name: `service-${n}-${instance}` })),
  }));
}

/** 100,000 deployments over the last year, spread over every application, one in twenty failed. */
function deploymentRows(index: EntityIndexEntry[]) {
  const applications = index.flatMap(e => e.applications);
  const step = YEAR_MS / ROWS;
  return Array.from({ length: ROWS }, (_, n) => {
    const app = applications[(n * 7919) % applications.length];
    const failed = n % 20 === 0;
    return deploymentRow({
      instance: app.instance,
      namespace: app.namespace,
      application: app.name,
      ...(failed ? { syncResult: { phase: 'Failed' } } : { historyId: n }),
      revisions: [`rev-${n}`],
      sources: [{ repoURL: 'https://github.com/acme/deployments.git', path: app.name }],
      finishedAt: new Date(YEAR_START + n * step).toISOString(),
      images: failed ? [] : [`ghcr.io/acme/${app.name}:1.${n}`],
      imagesSettled: !failed,
    });
  });
}

const STATES = ['deployed', 'deployed', 'deployed', 'deployed', 'deployed', 'deployed', 'failed', 'superseded'];

/** 20,000 expectations over the same year, each for an entity's production application; the last hundred pending. */
function expectationRows(index: EntityIndexEntry[]) {
  const step = YEAR_MS / EXPECTATIONS;
  const expectations = Array.from({ length: EXPECTATIONS }, (_, n) => {
    const entity = index[(n * 7919) % index.length];
    const createdAt = new Date(YEAR_START + n * step);
    return {
      id: randomUUID(),
      entity_ref: entity.entityRef,
      images: JSON.stringify([`ghcr.io/acme/${entity.name}:2.${n}`]),
      state: n >= EXPECTATIONS - 100 ? 'pending' : STATES[n % STATES.length],
      created_at: createdAt.toISOString(),
      deadline_at: new Date(createdAt.getTime() + 600_000).toISOString(),
      run_url: `https://ci.example.com/runs/${n}`,
      progress: '{}',
    };
  });
  const targets = expectations.map((x, n) => {
    const app = index[(n * 7919) % index.length].applications.at(-1)!;
    return { expectation_id: x.id, instance: app.instance, namespace: app.namespace, application: app.name, position: 0 };
  });
  return { expectations, targets };
}

const PAGES: Array<[string, PortalFeedFilters, EntityAccess, number]> = [
  ['newest page, everything readable', {}, { kind: 'all' }, 0],
  ['newest page, a policy: only my team owns', {}, { kind: 'conditional', criteria: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [team(7)] } } }, 0],
  ['owned by my team (filter)', { owners: [team(7)] }, { kind: 'all' }, 0],
  ['one entity', { entityRefs: ['component:default/service-1234'] }, { kind: 'all' }, 0],
  ['a system', { systems: ['system:default/system-42'] }, { kind: 'all' }, 0],
  ['prod failures in a month', { instances: ['prod'], outcomes: ['failed'], from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' }, { kind: 'all' }, 0],
  ['page 50 of everything', {}, { kind: 'all' }, 49 * 20],
  ['pending expectations', { outcomes: ['pending'] }, { kind: 'all' }, 0],
  ['expectations only, superseded, a policy: only my team owns', { types: ['expectation'], outcomes: ['superseded'] }, { kind: 'conditional', criteria: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [team(7)] } } }, 0],
  ['a policy with a rule the index cannot apply', {}, { kind: 'conditional', criteria: { anyOf: [{ rule: 'HAS_SPEC', resourceType: 'catalog-entity', params: { key: 'x' } }, { rule: 'IS_ENTITY_KIND', resourceType: 'catalog-entity', params: { kinds: ['resource'] } }] } }, 0],
];

async function measure(kind: string): Promise<string[]> {
  const { knex, drop } = await benchDatabase(kind);
  try {
    const database = { getClient: async () => knex } as DatabaseService;
    const store = await DatabaseArgoPulseStore.create({ database });
    const expectationStore = await DatabaseExpectationStore.create({ database });
    const index = entities();
    await new DatabaseEntityIndex(knex).replace(index);
    for (const batch of chunks(deploymentRows(index))) await knex('argo_pulse_deployments').insert(batch);
    const { expectations, targets } = expectationRows(index);
    for (const batch of chunks(expectations)) await knex('argo_pulse_expectations').insert(batch);
    for (const batch of chunks(targets)) await knex('argo_pulse_expectation_targets').insert(batch);
    if (kind === 'postgres') await knex.raw('ANALYZE');
    const lines: string[] = [];
    for (const [name, filters, access, offset] of PAGES) {
      const times: number[] = [];
      let rows = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const page = await portalFeed(knex, { filters, access, limit: 20, offset });
        // Read in full, as the route does before it answers.
        const ids = (type: string) => page.items.filter(item => item.type === type).map(item => item.id);
        await Promise.all([store.getDeploymentsById(ids('deployment')), expectationStore.getMany(ids('expectation'))]);
        rows = page.items.length;
        times.push(performance.now() - started);
      }
      const p99 = percentile(times, 99);
      lines.push(`| ${kind} | ${name} | ${rows} | ${percentile(times, 50).toFixed(1)} ms | ${p99.toFixed(1)} ms | ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'} |`);
    }
    return lines;
  } finally {
    await drop();
  }
}

async function main() {
  console.log(
    `Portal feed: ${ROWS.toLocaleString('en')} history rows and ${EXPECTATIONS.toLocaleString('en')} expectations, ${ENTITIES} entities of ${TEAMS} teams, ${RUNS} runs per page; target p99 < ${TARGET_P99_MS} ms\n`,
  );
  console.log('| database | page | rows | p50 | p99 | target |');
  console.log('|---|---|---|---|---|---|');
  for (const kind of (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',')) (await measure(kind)).forEach(line => console.log(line));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
