import type { PermissionCondition, PermissionCriteria } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import { deploymentFromRow } from '../database/deploymentRows';
import type { DeploymentRecord } from '../database/types';
import { criteriaClause, hasFact } from '../entities/entityConditions';

/** The filters of the portal-wide deployments; each list matches any of its values. */
export interface PortalDeploymentFilters {
  /** Owners of the entity (full refs, such as `group:default/team-payments`). */
  owners?: string[];
  entityRefs?: string[];
  kinds?: string[];
  /** Systems the entity is part of (full refs). */
  systems?: string[];
  instances?: string[];
  /** `deployed`: a successful sync; `failed`: an operation that failed. */
  outcomes?: Array<'deployed' | 'failed'>;
  /** Finished at or after. */
  from?: string;
  /** Finished at or before. */
  to?: string;
}

/** Which entities the caller may read: all of them, or those a conditional decision's criteria select. */
export type EntityAccess = { kind: 'all' } | { kind: 'conditional'; criteria: PermissionCriteria<PermissionCondition> };

/** A deployment with the entity it is shown under. */
export interface PortalDeploymentRecord extends DeploymentRecord {
  entityRef: string;
}

/**
 * One page of the deployments of every entity in the index, newest first:
 * a deployment of an application two entities select appears under each.
 * Access and filters are clauses of the one query, so a page reads only
 * its own rows (and one more, to know whether another page follows); it
 * walks `finished_at` newest first, joining each row to its entities.
 */
export async function portalDeployments(
  db: Knex,
  options: { filters: PortalDeploymentFilters; access: EntityAccess; limit: number; offset: number },
): Promise<{ items: PortalDeploymentRecord[]; hasMore: boolean }> {
  const { filters, access, limit, offset } = options;
  const lower = (values: string[]) => values.map(v => v.toLocaleLowerCase('en-US'));
  const rows = await db('argo_pulse_deployments as d')
    .join('argo_pulse_entity_applications as ea', join =>
      join.on('ea.instance', 'd.instance').andOn('ea.app_namespace', 'd.namespace').andOn('ea.application', 'd.application'),
    )
    .join('argo_pulse_entities as e', 'e.entity_ref', 'ea.entity_ref')
    .modify(query => {
      if (access.kind === 'conditional') criteriaClause(db, access.criteria)(query);
      if (filters.entityRefs?.length) query.whereIn('e.entity_ref', lower(filters.entityRefs));
      if (filters.kinds?.length) query.whereIn('e.kind', lower(filters.kinds));
      if (filters.systems?.length) query.whereIn('e.system', lower(filters.systems));
      if (filters.instances?.length) query.whereIn('d.instance', filters.instances);
      if (filters.owners?.length) hasFact(db, 'owner', '', lower(filters.owners))(query);
      const outcomes = new Set(filters.outcomes ?? []);
      if (outcomes.size === 1) query.modify(q => (outcomes.has('deployed') ? q.whereNotNull('d.history_id') : q.whereNull('d.history_id')));
      if (filters.from) query.where('d.finished_at', '>=', filters.from);
      if (filters.to) query.where('d.finished_at', '<=', filters.to);
    })
    .orderBy([
      { column: 'd.finished_at', order: 'desc' },
      { column: 'd.id', order: 'desc' },
      { column: 'e.entity_ref', order: 'asc' },
    ])
    .limit(limit + 1)
    .offset(offset)
    .select('d.*', { entity_ref: 'e.entity_ref' });
  return {
    items: rows.slice(0, limit).map((row: Record<string, any>) => ({ ...deploymentFromRow(row), entityRef: row.entity_ref })),
    hasMore: rows.length > limit,
  };
}
