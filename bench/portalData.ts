// A large portal's stored data, for the portal-wide benchmarks: 2,000 entities of 50 teams,
// 100,000 history rows of their 5,000 applications over a year, 20,000 expectations CI posted
// for them, and (for the version matrix) each application's current snapshot. For the delivery
// insights the same rows can instead span the last 90 days, settled as the plugin settles them
// (results, times to Healthy, rollbacks), with commit dates and resolved expectations.
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
const DAY_MS = 24 * 3600 * 1000;

/** When the history starts, how long it spans, and whether it is settled as insights read it. */
export interface PortalHistory {
  start: number;
  spanMs: number;
  /** Results, times to Healthy, rollbacks, commit dates and resolved expectations. */
  settled: boolean;
}

/** The feed's history: a year, its rows without results (as rows written before results were kept). */
export const YEAR_OF_HISTORY: PortalHistory = {
  start: YEAR_START,
  spanMs: YEAR_MS,
  settled: false,
};

/** The insights' history: the `days` before `now` (an hour short of both ends), settled. */
export const recentHistory = (now: Date, days: number): PortalHistory => ({
  start: now.getTime() - days * DAY_MS + 3600_000,
  spanMs: days * DAY_MS - 2 * 3600_000,
  settled: true,
});

/** A spread of 0–99 for row `n`, the same each run. */
const spread = (n: number, salt: number) =>
  ((n * 2654435761 + salt) >>> 0) % 100;

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

/**
 * 100,000 deployments over the history's span, spread over every application, one in twenty a
 * failed sync. Settled: of the successful syncs about 6 % degraded, 2 % superseded and 1 %
 * unknown, the rest healthy with a time to Healthy; the deployment after a degraded one goes back
 * to the one before it (a rollback).
 */
function deploymentRows(index: EntityIndexEntry[], history: PortalHistory) {
  const applications = index.flatMap(e => e.applications);
  const step = history.spanMs / ROWS;
  const previous = new Map<string, { key: string; status: string }[]>();
  return Array.from({ length: ROWS }, (_, n) => {
    const app = applications[(n * 7919) % applications.length];
    const failed = n % 20 === 0;
    const finishedAt = new Date(history.start + n * step).toISOString();
    const earlier = previous.get(app.name) ?? [];
    const roll = spread(n, 17);
    const status = failed
      ? 'failed'
      : roll < 6
      ? 'degraded'
      : roll < 8
      ? 'superseded'
      : roll < 9
      ? 'unknown'
      : 'healthy';
    const rollbackOf =
      history.settled && !failed && earlier.at(-1)?.status === 'degraded'
        ? earlier.at(-2)?.key
        : undefined;
    const row = deploymentRow({
      instance: app.instance,
      namespace: app.namespace,
      application: app.name,
      ...(failed ? { syncResult: { phase: 'Failed' } } : { historyId: n }),
      revisions: [`rev-${n}`],
      sources: [
        { repoURL: 'https://github.com/acme/deployments.git', path: app.name },
      ],
      finishedAt,
      images: failed ? [] : [`ghcr.io/acme/${app.name}:1.${n}`],
      imagesSettled: !failed,
      ...(history.settled
        ? {
            result: {
              status,
              ...(status === 'unknown' ? {} : { settledAt: finishedAt }),
              ...(status === 'healthy'
                ? { healthyAfterSeconds: 20 + ((n * 37) % 600) }
                : {}),
            },
            ...(rollbackOf ? { rollbackOf } : {}),
          }
        : {}),
    });
    previous.set(app.name, [
      ...earlier.slice(-1),
      { key: row.event_key, status },
    ]);
    return row;
  });
}

/** Commit dates for seven in ten successful syncs: from ten minutes to three days before the sync. */
function commitRows(rows: ReturnType<typeof deploymentRows>) {
  return rows
    .filter((row, n) => row.history_id !== null && n % 10 < 7)
    .map((row, n) => ({
      instance: row.instance,
      namespace: row.namespace,
      application: row.application,
      revision: (JSON.parse(row.revisions) as string[])[0],
      author: 'Dev <dev@acme.example>',
      message: 'Change',
      committed_at: new Date(
        Date.parse(row.finished_at) - (600 + ((n * 7907) % (3 * 86400))) * 1000,
      ).toISOString(),
      fetched_at: row.finished_at,
    }));
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

/**
 * 20,000 expectations over the history's span, each for an entity's production application; the
 * last hundred pending. Settled, the others are resolved: deployed from one to fifteen minutes
 * after CI posted them, failed at their deadline.
 */
function expectationRows(index: EntityIndexEntry[], history: PortalHistory) {
  const step = history.spanMs / EXPECTATIONS;
  const expectations = Array.from({ length: EXPECTATIONS }, (_, n) => {
    const entity = index[(n * 7919) % index.length];
    const createdAt = new Date(history.start + n * step);
    const state =
      n >= EXPECTATIONS - 100 ? 'pending' : STATES[n % STATES.length];
    const resolvedAt =
      state === 'pending'
        ? undefined
        : new Date(
            createdAt.getTime() +
              (state === 'failed' ? 600 : 60 + ((n * 31) % 840)) * 1000,
          ).toISOString();
    return {
      id: randomUUID(),
      entity_ref: entity.entityRef,
      images: JSON.stringify([`ghcr.io/acme/${entity.name}:2.${n}`]),
      state,
      created_at: createdAt.toISOString(),
      deadline_at: new Date(createdAt.getTime() + 600_000).toISOString(),
      ...(history.settled && resolvedAt
        ? { resolved_at: resolvedAt, revision: `ci-${n}` }
        : {}),
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
  history: PortalHistory,
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
      observedAt: new Date(history.start + history.spanMs).toISOString(),
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

/** The portal's entities, as the entity index holds them. */
export const portalEntities = entities;

/** Fills a migrated database with the whole portal, its history a year's (the feed's) unless told. */
export async function fillPortal(
  knex: Knex,
  store: DatabaseArgoPulseStore,
  history: PortalHistory = YEAR_OF_HISTORY,
): Promise<void> {
  const index = entities();
  await new DatabaseEntityIndex(knex).replace(index);
  const rows = deploymentRows(index, history);
  for (const batch of chunks(rows))
    await knex('argo_pulse_deployments').insert(batch);
  if (history.settled)
    for (const batch of chunks(commitRows(rows)))
      await knex('argo_pulse_commits').insert(batch);
  const { expectations, targets } = expectationRows(index, history);
  for (const batch of chunks(expectations))
    await knex('argo_pulse_expectations').insert(batch);
  for (const batch of chunks(targets))
    await knex('argo_pulse_expectation_targets').insert(batch);
  await storeApplications(store, applications(index, rows, history));
  if (knex.client.config.client === 'pg') await knex.raw('ANALYZE');
}
