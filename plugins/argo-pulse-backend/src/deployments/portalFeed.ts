import type {
  ArgoPulseDeploymentResultStatus,
  ExpectationState,
} from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import {
  EntityAccess,
  entityClauses,
  EntityFilters,
} from '../entities/entityFilters';

/** The filters of the portal-wide feed: the entity's, and the row's own. */
export interface PortalFeedFilters extends EntityFilters {
  /** A deployment's instance; an expectation's when one of its applications is there. */
  instances?: string[];
  /**
   * `deployed` and `failed` match deployments (a successful sync, a failed
   * operation) and expectations in that state; `pending`, `superseded` and
   * `cancelled`, expectations only.
   */
  outcomes?: ExpectationState[];
  /** Deployments only, or expectations only. */
  types?: Array<'deployment' | 'expectation'>;
  /**
   * Deployments whose result (what happened after the sync: healthy,
   * degraded, ...) is one of these; expectations have none, and are left out.
   */
  results?: ArgoPulseDeploymentResultStatus[];
  /** A deployment finished, an expectation was posted, at or after. */
  from?: string;
  /** At or before. */
  to?: string;
}

/** One row of the feed: what it is, and the entity it is shown under. */
export interface PortalFeedRef {
  type: 'deployment' | 'expectation';
  /** The deployment's row id, or the expectation's id. */
  id: string;
  entityRef: string;
}

/** A time range on `column`. */
const within =
  (column: string, filters: PortalFeedFilters) =>
  (query: Knex.QueryBuilder) => {
    if (filters.from) query.where(column, '>=', filters.from);
    if (filters.to) query.where(column, '<=', filters.to);
  };

/*
 * A feed row is (at, type, seq, uuid, entity_ref): a deployment's row id in
 * `seq` (its uuid empty), an expectation's id in `uuid` (its seq 0). Each
 * part is read in the order the merged feed is sorted in, so its first rows
 * are the ones the page can hold. Each walks its time index (finished_at,
 * created_at) newest first; ties on the time are put in order by id, a
 * numeric one for deployments (a text cast of it cost SQLite a full sort).
 */

/** Selects a part's feed rows from these columns, newest first, up to `upTo`. */
const asFeedRows =
  (
    db: Knex,
    row: {
      type: PortalFeedRef['type'];
      at: string;
      /** The column that puts rows of the same time in order. */
      id: string;
      seq: string | Knex.Raw;
      uuid: string | Knex.Raw;
    },
    upTo: number,
  ) =>
  (query: Knex.QueryBuilder) =>
    query
      .select({
        at: row.at,
        type: db.raw(`'${row.type}'`),
        seq: row.seq,
        uuid: row.uuid,
        entity_ref: 'e.entity_ref',
      })
      .orderBy([
        { column: row.at, order: 'desc' },
        { column: row.id, order: 'desc' },
        { column: 'e.entity_ref', order: 'asc' },
      ])
      .limit(upTo);

/** Deployments of indexed entities' applications, newest first, as feed rows. */
function deploymentRows(
  db: Knex,
  filters: PortalFeedFilters,
  access: EntityAccess,
  outcomes: Set<string>,
  upTo: number,
) {
  return db('argo_pulse_deployments as d')
    .join('argo_pulse_entity_applications as ea', join =>
      join
        .on('ea.instance', 'd.instance')
        .andOn('ea.app_namespace', 'd.namespace')
        .andOn('ea.application', 'd.application'),
    )
    .join('argo_pulse_entities as e', 'e.entity_ref', 'ea.entity_ref')
    .modify(entityClauses(db, filters, access))
    .modify(within('d.finished_at', filters))
    .modify(query => {
      if (filters.instances?.length)
        query.whereIn('d.instance', filters.instances);
      // Argo CD's history holds successful syncs; a row without a history id is a failed operation.
      if (outcomes.size && !outcomes.has('failed'))
        query.whereNotNull('d.history_id');
      if (outcomes.size && !outcomes.has('deployed'))
        query.whereNull('d.history_id');
      if (filters.results?.length) query.whereIn('d.result', filters.results);
    })
    .modify(
      asFeedRows(
        db,
        {
          type: 'deployment',
          at: 'd.finished_at',
          id: 'd.id',
          seq: 'd.id',
          uuid: db.raw("''"),
        },
        upTo,
      ),
    );
}

/**
 * Expectations posted for indexed entities, newest first, as feed rows.
 * Expectations keep the entity ref as posted; the index holds it in lower case.
 */
function expectationRows(
  db: Knex,
  filters: PortalFeedFilters,
  access: EntityAccess,
  outcomes: Set<string>,
  upTo: number,
) {
  return db('argo_pulse_expectations as x')
    .join(
      'argo_pulse_entities as e',
      'e.entity_ref',
      db.raw('lower(x.entity_ref)'),
    )
    .modify(entityClauses(db, filters, access))
    .modify(within('x.created_at', filters))
    .modify(query => {
      if (outcomes.size) query.whereIn('x.state', [...outcomes]);
      if (filters.instances?.length) {
        query.whereExists(
          db('argo_pulse_expectation_targets as t')
            .select(db.raw('1'))
            .whereRaw('t.expectation_id = x.id')
            .whereIn('t.instance', filters.instances),
        );
      }
    })
    .modify(
      asFeedRows(
        db,
        {
          type: 'expectation',
          at: 'x.created_at',
          id: 'x.id',
          seq: db.raw('0'),
          uuid: 'x.id',
        },
        upTo,
      ),
    );
}

/**
 * One page of the portal-wide feed: the deployments of every entity in the
 * index and the expectations posted for them, newest first (a deployment
 * when it finished, an expectation when it was posted). A deployment of an
 * application two entities select appears under each. Access and filters
 * are clauses of the queries, so a page never reads what the caller may not
 * see: each kind is read newest first up to the end of the page (by its
 * time index), and the two are merged and cut in the database.
 */
export async function portalFeed(
  db: Knex,
  options: {
    filters: PortalFeedFilters;
    access: EntityAccess;
    limit: number;
    offset: number;
  },
): Promise<{ items: PortalFeedRef[]; hasMore: boolean }> {
  const { filters, access, limit, offset } = options;
  const outcomes = new Set<string>(filters.outcomes ?? []);
  const types = new Set(
    filters.types?.length ? filters.types : ['deployment', 'expectation'],
  );
  // Deployments have no pending, superseded or cancelled outcome.
  const deploymentsMatch =
    types.has('deployment') &&
    (outcomes.size === 0 || outcomes.has('deployed') || outcomes.has('failed'));
  const upTo = offset + limit + 1; // what either kind can contribute up to the end of this page
  const parts = [
    ...(deploymentsMatch
      ? [deploymentRows(db, filters, access, outcomes, upTo)]
      : []),
    ...(types.has('expectation') && !filters.results?.length
      ? [expectationRows(db, filters, access, outcomes, upTo)]
      : []),
  ];
  if (parts.length === 0) return { items: [], hasMore: false };
  // Each part in a sub-select of its own: SQLite allows no ORDER BY or LIMIT on a member of a UNION.
  const [first, ...others] = parts.map((part, i) =>
    db.select('*').from(part.as(`part${i}`)),
  );
  const feed: Array<{
    type: PortalFeedRef['type'];
    seq: number | string;
    uuid: string;
    entity_ref: string;
  }> = await db
    .select('type', 'seq', 'uuid', 'entity_ref')
    .from(first.unionAll(others).as('feed'))
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'type', order: 'asc' },
      { column: 'seq', order: 'desc' },
      { column: 'uuid', order: 'desc' },
      { column: 'entity_ref', order: 'asc' },
    ])
    .limit(limit + 1)
    .offset(offset);
  return {
    items: feed.slice(0, limit).map(row => ({
      type: row.type,
      id: row.type === 'deployment' ? String(row.seq) : row.uuid,
      entityRef: row.entity_ref,
    })),
    hasMore: feed.length > limit,
  };
}
