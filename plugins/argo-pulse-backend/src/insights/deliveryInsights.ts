import type {
  ArgoPulseDeliveryFigures,
  ArgoPulseInsightsResponse,
} from '@argo-pulse/backstage-plugin-common';
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
import {
  deliveryFigures,
  DeliveryHistory,
  DeliveryRow,
  durationSummary,
  readDeliveryHistory,
} from './deliveryFigures';

const DAY_MS = 24 * 3600_000;
/** Entities one answer covers at most: a team's or a system's, not the whole catalog. */
const MAX_ENTITIES = 1000;

/** Appends to a list kept in a map under `key`. */
function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The entities the filters and the caller's access select, and the applications of each. */
async function selectedApplications(
  db: Knex,
  filters: EntityFilters,
  access: EntityAccess | undefined,
): Promise<{
  entityRefs: string[];
  keys: ApplicationKey[];
  applicationsOf: Map<string, ApplicationKey[]>;
}> {
  const applicationsOf = new Map<string, ApplicationKey[]>();
  if (!access) return { entityRefs: [], keys: [], applicationsOf };
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
      .select('entity_ref', 'instance', 'app_namespace', 'application');
    for (const r of rows) {
      const key = {
        instance: r.instance,
        namespace: r.app_namespace,
        name: r.application,
      };
      keys.set(applicationKeyString(key), key);
      push(applicationsOf, r.entity_ref, key);
    }
  }
  return { entityRefs, keys: [...keys.values()], applicationsOf };
}

/** The history rows of the applications in the window, each with its commit's date. */
async function windowRows(
  db: Knex,
  keys: ApplicationKey[],
  window: { from: string; to: string },
): Promise<DeliveryRow[]> {
  const rows: DeliveryRow[] = [];
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
    // The commits of the batch's applications (by the primary key's prefix), matched to the
    // deployments here: a list of (application, revision) pairs as large as the window's
    // deployments makes PostgreSQL scan instead.
    const commits = deployments.length
      ? await db('argo_pulse_commits')
          .whereIn(
            ['instance', 'namespace', 'application'],
            batch.map(k => [k.instance, k.namespace, k.name]),
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
      });
    }
  }
  return rows;
}

/** An expectation CI posted that was deployed in the window. */
interface CiLead {
  resolvedAt: string;
  /** From its posting to its verdict `deployed`. */
  seconds: number;
}

/**
 * The expectations deployed in the window that target the applications, by
 * application (`instance/namespace/name`): one expectation with several
 * targets is the same object under each.
 */
async function ciLeads(
  db: Knex,
  keys: ApplicationKey[],
  window: { from: string; to: string },
): Promise<Map<string, CiLead[]>> {
  // Targets first (by the applications' index), then their expectations by id: joined in one
  // query, SQLite walks every deployed expectation by the state index instead (300 ms at 20,000).
  const targets: Array<{
    expectation_id: string;
    instance: string;
    namespace: string;
    application: string;
  }> = [];
  for (const batch of chunks(keys))
    targets.push(
      ...(await db('argo_pulse_expectation_targets')
        .whereIn(
          ['instance', 'namespace', 'application'],
          batch.map(k => [k.instance, k.namespace, k.name]),
        )
        .select('expectation_id', 'instance', 'namespace', 'application')),
    );
  const byId = new Map<string, CiLead>();
  for (const ids of chunks([...new Set(targets.map(t => t.expectation_id))])) {
    const deployed = await db('argo_pulse_expectations')
      .whereIn('id', ids)
      .where('state', 'deployed')
      .where('resolved_at', '>=', window.from)
      .where('resolved_at', '<=', window.to)
      .select('id', 'created_at', 'resolved_at');
    for (const x of deployed)
      byId.set(x.id, {
        resolvedAt: x.resolved_at,
        seconds: (Date.parse(x.resolved_at) - Date.parse(x.created_at)) / 1000,
      });
  }
  const byApplication = new Map<string, CiLead[]>();
  for (const t of targets) {
    const lead = byId.get(t.expectation_id);
    if (lead)
      push(
        byApplication,
        applicationKeyString({
          instance: t.instance,
          namespace: t.namespace,
          name: t.application,
        }),
        lead,
      );
  }
  return byApplication;
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
  const { entityRefs, keys, applicationsOf } = await selectedApplications(
    options.db,
    options.filters,
    options.access,
  );
  return deliveryInsights(options, entityRefs, keys, applicationsOf);
}

/**
 * Delivery insights of some applications, from the store alone (no Argo CD
 * call): the four keys per environment and for the production environments
 * together, the production deployments week by week, and the same for each
 * entity, from the rows read once.
 *
 * `applicationsOf` gives each entity's applications (an application shared
 * by entities counts for each); without it, each entity has all `keys` (one
 * entity's own route).
 */
export async function deliveryInsights(
  options: InsightsOptions,
  entityRefs: string[],
  keys: ApplicationKey[],
  applicationsOf?: Map<string, ApplicationKey[]>,
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
  // An application not stored (yet) is in its instance's environment.
  for (const key of keys) {
    const application = applicationKeyString(key);
    if (!environmentOfApp.has(application))
      environmentOfApp.set(application, key.instance);
  }
  const rows = await windowRows(db, keys, { from, to });
  const leads = await ciLeads(db, keys, { from, to });
  const rowsOf = new Map<string, DeliveryRow[]>();
  for (const row of rows) push(rowsOf, row.application, row);
  // Read once over the window: a rollback or a restore counts in any part of it.
  const history = readDeliveryHistory(rows);
  const isProduction = (application: string) =>
    options.productionEnvironments.includes(environmentOfApp.get(application)!);
  const order = options.environments.length
    ? options.environments.map(e => e.name)
    : options.instances;

  /** The figures of these applications (each once) over the window. */
  const figuresOf = (applications: string[]) =>
    figures(
      applications.flatMap(a => rowsOf.get(a) ?? []),
      days,
      history,
      applications.flatMap(a => leads.get(a) ?? []),
    );

  /** Each environment these applications deployed to, in rollout order, with their figures there. */
  const byEnvironment = (applications: string[]) => {
    const appsIn = new Map<string, string[]>();
    for (const application of applications)
      if (rowsOf.has(application))
        push(appsIn, environmentOfApp.get(application)!, application);
    const present = [...appsIn.keys()];
    return [
      ...order.filter(name => appsIn.has(name)),
      ...present.filter(name => !order.includes(name)).sort(),
    ].map(environment => ({
      environment,
      figures: figuresOf(appsIn.get(environment)!),
    }));
  };

  const all = [...new Set(keys.map(applicationKeyString))];
  const production = all.filter(isProduction);
  const productionRows = production.flatMap(a => rowsOf.get(a) ?? []);
  const productionLeads = production.flatMap(a => leads.get(a) ?? []);
  const fromMs = Date.parse(from);
  const weeks = Array.from({ length: Math.ceil(days / 7) }, (_, i) => {
    const end = options.now.getTime() - i * 7 * DAY_MS;
    const start = end - 7 * DAY_MS;
    const within = (iso: string) => {
      const t = Date.parse(iso);
      return t > start && t <= end;
    };
    const weekRows = productionRows.filter(r => within(r.finishedAt));
    const byResult: Record<string, number> = {};
    for (const r of weekRows)
      byResult[r.status] = (byResult[r.status] ?? 0) + 1;
    return {
      from: new Date(start).toISOString(),
      byResult,
      // The oldest week may begin before the window: its days are those in the window.
      figures: figures(
        weekRows,
        (end - Math.max(start, fromMs)) / DAY_MS,
        history,
        productionLeads.filter(lead => within(lead.resolvedAt)),
      ),
    };
  }).reverse();

  return {
    window: { from, to, days },
    productionEnvironments: options.productionEnvironments,
    production: figuresOf(production),
    environments: byEnvironment(all),
    weeks,
    entityRefs,
    entities: entityRefs.map(entityRef => {
      const own = applicationsOf
        ? [
            ...new Set(
              (applicationsOf.get(entityRef) ?? []).map(applicationKeyString),
            ),
          ]
        : all;
      return {
        entityRef,
        production: figuresOf(own.filter(isProduction)),
        environments: byEnvironment(own),
      };
    }),
  };
}

/** The four keys of some rows, and CI's lead time over the expectations (each counted once). */
function figures(
  rows: DeliveryRow[],
  days: number,
  history: DeliveryHistory,
  leads: CiLead[],
): ArgoPulseDeliveryFigures {
  const ciLeadTime = durationSummary([...new Set(leads)].map(l => l.seconds));
  return {
    ...deliveryFigures(rows, days, history),
    ...(ciLeadTime ? { ciLeadTime } : {}),
  };
}
