import type {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import { criteriaClause, hasFact, lowerAll } from './entityConditions';

/** Filters on the entities of the index; each list matches any of its values. */
export interface EntityFilters {
  /** Owners of the entity (full refs, such as `group:default/team-payments`). */
  owners?: string[];
  entityRefs?: string[];
  kinds?: string[];
  /** Systems the entity is part of (full refs). */
  systems?: string[];
}

/** Which entities the caller may read: all of them, or those a conditional decision's criteria select. */
export type EntityAccess =
  | { kind: 'all' }
  | { kind: 'conditional'; criteria: PermissionCriteria<PermissionCondition> };

/** Access and the entity filters as clauses on a query whose `e` is `argo_pulse_entities`. */
export function entityClauses(
  db: Knex,
  filters: EntityFilters,
  access: EntityAccess,
) {
  return (query: Knex.QueryBuilder) => {
    if (access.kind === 'conditional')
      criteriaClause(db, access.criteria)(query);
    if (filters.entityRefs?.length)
      query.whereIn('e.entity_ref', lowerAll(filters.entityRefs));
    if (filters.kinds?.length) query.whereIn('e.kind', lowerAll(filters.kinds));
    if (filters.systems?.length)
      query.whereIn('e.system', lowerAll(filters.systems));
    if (filters.owners?.length)
      hasFact(db, 'owner', '', lowerAll(filters.owners))(query);
  };
}
