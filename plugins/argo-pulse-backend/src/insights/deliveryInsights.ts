import type { ArgoPulseInsightsResponse } from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import { environmentOf, EnvironmentConfig } from '../config/readEnvironments';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { applicationKeyString } from '../database/ArgoPulseStore';
import { chunks } from '../database/chunks';
import type { ApplicationKey } from '../database/types';
import {
  EntityAccess,
  entityClauses,
  EntityFilters,
} from '../entities/entityFilters';
import { deliveryFigures, DeliveryRow } from './deliveryFigures';

const DAY_MS = 24 * 3600_000;
/** Entities one answer covers at most: a team's or a system's, not the whole catalog. */
const MAX_ENTITIES = 1000;

type Row = DeliveryRow & { environment: string };

/** The applications of the entities the filters and the caller's access select. */
async function selectedApplications(
  db: Knex,
  filters: EntityFilters,
  access: EntityAccess | undefined,
): Promise<{ entityRefs: string[]; keys: ApplicationKey[] }> {
  if (!access) return { entityRefs: [], keys: [] };
  const entities: Array<{ entity_ref: string }> = await db(
    'argo_pulse_entities as e',
  )
    .modify(entityClauses(db, filters, access))
    .orderBy('e.entity_ref')
    .limit(MAX_ENTITIES)
    .select('e.entity_ref');
  const entityRefs = entities.map(e => e.entity_ref);
  const keys = new Map<string, ApplicationKey>();
  for (const batch of chunks(entityRefs)) {
    const rows = await db('argo_pulse_entity_applications')
      .whereIn('entity_ref', batch)
      .select('instance', 'app_namespace', 'application');
    for (const r of rows) {
      const key = {
        instance: r.instance,
        namespace: r.app_namespace,
        name: r.application,
      };
      keys.set(applicationKeyString(key), key);
    }
  }
  return { entityRefs, keys: [...keys.values()] };
}

/** The history rows of the applications in the window, each with its environment and its commit's date. */
async function windowRows(
  db: Knex,
  keys: ApplicationKey[],
  environmentOfApp: Map<string, string>,
  window: { from: string; to: string },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const batch of chunks(keys)) {
    const deployments = await db('argo_pulse_deployments')
      .whereIn(
        ['instance', 'namespace', 'application'],
        batch.map(k => [k.instance, k.namespace, k.name]),
      )
      .where('finished_at', '>=', window.from)
      .where('finished_at', '<=', window.to)
      .select(
        'instance',
        'namespace',
        'application',
        'history_id',
        'finished_at',
        'result',
        'healthy_after_seconds',
        'rollback_of',
        'revisions',
      );
    const firstRevision = (d: Record<string, any>) =>
      (JSON.parse(d.revisions) as string[])[0] ?? '';
    const commits = deployments.length
      ? await db('argo_pulse_commits')
          .whereIn(
            ['instance', 'namespace', 'application', 'revision'],
            deployments.map(d => [
              d.instance,
              d.namespace,
              d.application,
              firstRevision(d),
            ]),
          )
          .whereNotNull('committed_at')
          .select(
            'instance',
            'namespace',
            'application',
            'revision',
            'committed_at',
          )
      : [];
    const committedAt = new Map(
      commits.map(c => [
        `${c.instance}/${c.namespace}/${c.application}/${c.revision}`,
        c.committed_at as string,
      ]),
    );
    for (const d of deployments) {
      const application = applicationKeyString({
        instance: d.instance,
        namespace: d.namespace,
        name: d.application,
      });
      const failedSync = d.history_id === null || d.history_id === undefined;
      // Rows stored before results were kept and not settled yet count as not watched.
      const status = d.result ?? (failedSync ? 'failed' : 'unknown');
      const committed = committedAt.get(
        `${d.instance}/${d.namespace}/${d.application}/${firstRevision(d)}`,
      );
      rows.push({
        application,
        ...(failedSync ? {} : { historyId: Number(d.history_id) }),
        finishedAt: d.finished_at,
        status,
        ...(d.healthy_after_seconds !== null &&
        d.healthy_after_seconds !== undefined
          ? { healthyAfterSeconds: Number(d.healthy_after_seconds) }
          : {}),
        rollback: Boolean(d.rollback_of),
        ...(committed ? { committedAt: committed } : {}),
        environment: environmentOfApp.get(application) ?? d.instance,
      });
    }
  }
  return rows;
}

/** The window's length and where it ends, the environments and which of them are production. */
export interface InsightsOptions {
  db: Knex;
  store: ArgoPulseStore;
  environments: EnvironmentConfig[];
  /** The configured instances, in order: the environments when none are configured. */
  instances: string[];
  /** The production environments; default the last in rollout order. */
  productionEnvironments: string[];
  days: number;
  now: Date;
}

/**
 * Delivery insights of the entities the filters and the caller's access
 * select (a team's, a system's), from the entity index.
 */
export async function portalDeliveryInsights(
  options: InsightsOptions & {
    filters: EntityFilters;
    /** Which entities the caller may read; undefined for none (the figures of nothing). */
    access: EntityAccess | undefined;
  },
): Promise<ArgoPulseInsightsResponse> {
  const { entityRefs, keys } = await selectedApplications(
    options.db,
    options.filters,
    options.access,
  );
  return deliveryInsights(options, entityRefs, keys);
}

/**
 * Delivery insights of some applications, from the store alone (no Argo CD
 * call): the four keys per environment and for the production environments
 * together, and the production deployments week by week.
 */
export async function deliveryInsights(
  options: InsightsOptions,
  entityRefs: string[],
  keys: ApplicationKey[],
): Promise<ArgoPulseInsightsResponse> {
  const { db, store, days } = options;
  const to = options.now.toISOString();
  const from = new Date(options.now.getTime() - days * DAY_MS).toISOString();
  const environmentOfApp = new Map<string, string>();
  for (const { snapshot } of await store.getApplications(keys)) {
    const environment = environmentOf(options.environments, {
      instance: snapshot.instance,
      destinationNamespace: snapshot.destination.namespace,
    });
    environmentOfApp.set(
      applicationKeyString(snapshot),
      environment ?? snapshot.instance,
    );
  }
  const rows = await windowRows(db, keys, environmentOfApp, { from, to });
  const order = options.environments.length
    ? options.environments.map(e => e.name)
    : options.instances;
  const present = [...new Set(rows.map(r => r.environment))];
  const environments = [
    ...order.filter(name => present.includes(name)),
    ...present.filter(name => !order.includes(name)).sort(),
  ];
  const production = rows.filter(r =>
    options.productionEnvironments.includes(r.environment),
  );
  const weeks = Array.from({ length: Math.ceil(days / 7) }, (_, i) => {
    const end = options.now.getTime() - i * 7 * DAY_MS;
    const start = end - 7 * DAY_MS;
    const byResult: Record<string, number> = {};
    for (const r of production) {
      const t = Date.parse(r.finishedAt);
      if (t > start && t <= end)
        byResult[r.status] = (byResult[r.status] ?? 0) + 1;
    }
    return { from: new Date(start).toISOString(), byResult };
  }).reverse();
  return {
    window: { from, to, days },
    productionEnvironments: options.productionEnvironments,
    production: deliveryFigures(production, days),
    environments: environments.map(environment => ({
      environment,
      figures: deliveryFigures(
        rows.filter(r => r.environment === environment),
        days,
      ),
    })),
    weeks,
    entityRefs,
  };
}
