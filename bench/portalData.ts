// A large portal's stored data, for the portal-wide benchmarks: 2,000 entities of 50 teams,
// 100,000 history rows of their 5,000 applications over a year, 20,000 expectations CI posted
// for them, and (for the version matrix) each application's current snapshot.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  chunks,
  DatabaseEntityIndex,
  deploymentRow,
} from '../plugins/argo-pulse-backend/src/internals';
import type {
  DatabaseArgoPulseStore,
  EntityIndexEntry,
  StoredApplication,
} from '../plugins/argo-pulse-backend/src/internals';

export const ENTITIES = 2000;
export const TEAMS = 50;
export const INSTANCES = ['dev', 'staging', 'prod'];
export const ROWS = 100_000;
export const EXPECTATIONS = 20_000;
const YEAR_START = Date.parse('2025-12-01T00:00:00.000Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;

export const team = (n: number) => `group:default/team-${n % TEAMS}`;

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
    applications: (n % 3 === 2 ? ['prod'] : INSTANCES).map(instance => ({
      instance,
      namespace: 'argocd',
      name: `service-${n}-${instance}`,
    })),
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
      sources: [
        { repoURL: 'https://github.com/acme/deployments.git', path: app.name },
      ],
      finishedAt: new Date(YEAR_START + n * step).toISOString(),
      images: failed ? [] : [`ghcr.io/acme/${app.name}:1.${n}`],
      imagesSettled: !failed,
    });
  });
}

const STATES = [
  'deployed',
  'deployed',
  'deployed',
  'deployed',
  'deployed',
  'deployed',
  'failed',
  'superseded',
];

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
    return {
      expectation_id: x.id,
      instance: app.instance,
      namespace: app.namespace,
      application: app.name,
      position: 0,
    };
  });
  return { expectations, targets };
}

/** Each application as the last poll stored it: running the image of its newest deployment. */
function applications(
  index: EntityIndexEntry[],
  rows: ReturnType<typeof deploymentRows>,
): StoredApplication[] {
  const newest = new Map<string, string[]>();
  for (const row of rows)
    if (row.images !== '[]')
      newest.set(row.application, JSON.parse(row.images));
  return index.flatMap(entity =>
    entity.applications.map(app => ({
      snapshot: {
        instance: app.instance,
        namespace: app.namespace,
        name: app.name,
        project: 'default',
        labels: { app: entity.name },
        sync: { status: 'Synced', revisions: ['rev'] },
        health: { status: 'Healthy' },
        images: newest.get(app.name) ?? [],
        sources: [
          {
            repoURL: 'https://github.com/acme/deployments.git',
            path: app.name,
          },
        ],
        destination: { namespace: entity.name },
        conditions: [],
      },
      fingerprint: 'bench',
      observedAt: new Date(YEAR_START + YEAR_MS).toISOString(),
    })),
  );
}

/** Writes applications as polls would, a batch at a time per instance. */
export async function storeApplications(
  store: DatabaseArgoPulseStore,
  stored: StoredApplication[],
): Promise<void> {
  for (const instance of new Set(stored.map(app => app.snapshot.instance)))
    for (const batch of chunks(
      stored.filter(app => app.snapshot.instance === instance),
    ))
      await store.writeOverviewBatch({
        instance,
        applications: batch,
        deployments: [],
      });
}

/** Fills a migrated database with the whole portal. */
export async function fillPortal(
  knex: Knex,
  store: DatabaseArgoPulseStore,
): Promise<void> {
  const index = entities();
  await new DatabaseEntityIndex(knex).replace(index);
  const rows = deploymentRows(index);
  for (const batch of chunks(rows))
    await knex('argo_pulse_deployments').insert(batch);
  const { expectations, targets } = expectationRows(index);
  for (const batch of chunks(expectations))
    await knex('argo_pulse_expectations').insert(batch);
  for (const batch of chunks(targets))
    await knex('argo_pulse_expectation_targets').insert(batch);
  await storeApplications(store, applications(index, rows));
  if (knex.client.config.client === 'pg') await knex.raw('ANALYZE');
}
