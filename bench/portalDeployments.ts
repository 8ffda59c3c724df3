// The portal-wide deployments query at a large portal: 100,000 history rows of 5,000
// applications belonging to 2,000 entities of 50 teams, on SQLite and PostgreSQL. Prints p50
// and p99 of each kind of page a user asks for, beside the target (p99 under 50 ms).
// Run: npm run bench:deployments (part of npm run bench). Not part of npm test.
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseArgoPulseStore } from '../plugins/argo-pulse-backend/src/database/DatabaseArgoPulseStore';
import { chunks } from '../plugins/argo-pulse-backend/src/database/connectDatabase';
import { deploymentRow } from '../plugins/argo-pulse-backend/src/database/deploymentRows';
import { EntityAccess, PortalDeploymentFilters, portalDeployments } from '../plugins/argo-pulse-backend/src/deployments/portalDeployments';
import { DatabaseEntityIndex } from '../plugins/argo-pulse-backend/src/entities/DatabaseEntityIndex';
import type { EntityIndexEntry } from '../plugins/argo-pulse-backend/src/entities/entityIndexEntries';
import { benchDatabase } from './benchDatabase';
import { percentile } from './detection';

const ENTITIES = 2000;
const TEAMS = 50;
const INSTANCES = ['dev', 'staging', 'prod'];
const ROWS = 100_000;
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
  const start = Date.parse('2025-12-01T00:00:00.000Z');
  const step = (365 * 24 * 3600 * 1000) / ROWS;
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
      finishedAt: new Date(start + n * step).toISOString(),
      images: failed ? [] : [`ghcr.io/acme/${app.name}:1.${n}`],
      imagesSettled: !failed,
    });
  });
}

const PAGES: Array<[string, PortalDeploymentFilters, EntityAccess, number]> = [
  ['newest page, everything readable', {}, { kind: 'all' }, 0],
  ['newest page, a policy: only my team owns', {}, { kind: 'conditional', criteria: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: { claims: [team(7)] } } }, 0],
  ['owned by my team (filter)', { owners: [team(7)] }, { kind: 'all' }, 0],
  ['one entity', { entityRefs: ['component:default/service-1234'] }, { kind: 'all' }, 0],
  ['a system', { systems: ['system:default/system-42'] }, { kind: 'all' }, 0],
  ['prod failures in a month', { instances: ['prod'], outcomes: ['failed'], from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' }, { kind: 'all' }, 0],
  ['page 50 of everything', {}, { kind: 'all' }, 49 * 20],
  ['a policy with a rule the index cannot apply', {}, { kind: 'conditional', criteria: { anyOf: [{ rule: 'HAS_SPEC', resourceType: 'catalog-entity', params: { key: 'x' } }, { rule: 'IS_ENTITY_KIND', resourceType: 'catalog-entity', params: { kinds: ['resource'] } }] } }, 0],
];

async function measure(kind: string): Promise<string[]> {
  const { knex, drop } = await benchDatabase(kind);
  try {
    await DatabaseArgoPulseStore.create({ database: { getClient: async () => knex } as DatabaseService });
    const index = entities();
    await new DatabaseEntityIndex(knex).replace(index);
    for (const batch of chunks(deploymentRows(index))) await knex('argo_pulse_deployments').insert(batch);
    if (kind === 'postgres') await knex.raw('ANALYZE');
    const lines: string[] = [];
    for (const [name, filters, access, offset] of PAGES) {
      const times: number[] = [];
      let rows = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        rows = (await portalDeployments(knex, { filters, access, limit: 20, offset })).items.length;
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
  console.log(`Portal deployments: ${ROWS.toLocaleString('en')} history rows, ${ENTITIES} entities of ${TEAMS} teams, ${RUNS} runs per page; target p99 < ${TARGET_P99_MS} ms\n`);
  console.log('| database | page | rows | p50 | p99 | target |');
  console.log('|---|---|---|---|---|---|');
  for (const kind of (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',')) (await measure(kind)).forEach(line => console.log(line));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
