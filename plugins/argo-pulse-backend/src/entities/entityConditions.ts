import type {
  AllOfCriteria,
  AnyOfCriteria,
  NotCriteria,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';

/** Values as the entity index keeps refs and kinds: in lower case. */
export const lowerAll = (values: string[]) =>
  values.map(value => value.toLocaleLowerCase('en-US'));

/** A where-clause on a query whose `e` is `argo_pulse_entities`. */
type Clause = (query: Knex.QueryBuilder) => void;

type Criteria = PermissionCriteria<PermissionCondition>;
const isAllOf = (c: Criteria): c is AllOfCriteria<PermissionCondition> =>
  'allOf' in c;
const isAnyOf = (c: Criteria): c is AnyOfCriteria<PermissionCondition> =>
  'anyOf' in c;
const isNot = (c: Criteria): c is NotCriteria<PermissionCondition> =>
  'not' in c;

/** Entities with a fact (an owner, a label, an annotation) of this key and, if given, one of these values. */
export function hasFact(
  db: Knex,
  type: 'owner' | 'label' | 'annotation',
  key: string,
  values?: string[],
): Clause {
  return query =>
    query.whereExists(
      db('argo_pulse_entity_facts as f')
        .select(db.raw('1'))
        .whereRaw('f.entity_ref = e.entity_ref')
        .andWhere({ 'f.type': type, 'f.key': key })
        .modify(q => (values ? q.whereIn('f.value', values) : q)),
    );
}

const nothing: Clause = query => query.whereRaw('1 = 0');
const everything: Clause = query => query.whereRaw('1 = 1');

/**
 * One of the catalog's permission rules (the ones policies use for
 * `catalog-entity` permissions) as a clause on the entity index, the way
 * the catalog turns the same rules into its own query: owners from the
 * `ownedBy` relations, kinds without case, labels and annotations (with a
 * value or without). A rule this index cannot evaluate (`HAS_METADATA`,
 * `HAS_SPEC`, another plugin's) is never read as a grant: it matches
 * nothing, and under an odd number of `not`s, everything (which the `not`
 * turns into nothing), so a policy that uses one grants less here, never more.
 */
function ruleClause(
  db: Knex,
  condition: PermissionCondition,
  negated: boolean,
): Clause {
  const unknown = negated ? everything : nothing;
  const params = (condition.params ?? {}) as Record<string, unknown>;
  const strings = (value: unknown) =>
    Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [];
  switch (condition.rule) {
    case 'IS_ENTITY_OWNER':
      return hasFact(db, 'owner', '', lowerAll(strings(params.claims)));
    case 'IS_ENTITY_KIND':
      return query => query.whereIn('e.kind', lowerAll(strings(params.kinds)));
    case 'HAS_LABEL':
      return typeof params.label === 'string'
        ? hasFact(db, 'label', params.label)
        : unknown;
    case 'HAS_ANNOTATION':
      if (typeof params.annotation !== 'string') return unknown;
      return hasFact(
        db,
        'annotation',
        params.annotation,
        typeof params.value === 'string' ? [params.value] : undefined,
      );
    default:
      return unknown;
  }
}

/** A conditional decision's criteria (allOf, anyOf, not, rules) as one clause on the entity index. */
export function criteriaClause(
  db: Knex,
  criteria: Criteria,
  negated = false,
): Clause {
  if (isAllOf(criteria)) {
    const parts = criteria.allOf.map(c => criteriaClause(db, c, negated));
    if (parts.length === 0) return () => {}; // all of nothing holds
    return query =>
      query.where(all =>
        parts.forEach(part => all.andWhere(inner => part(inner))),
      );
  }
  if (isAnyOf(criteria)) {
    const parts = criteria.anyOf.map(c => criteriaClause(db, c, negated));
    if (parts.length === 0) return nothing; // any of nothing does not
    return query =>
      query.where(any =>
        parts.forEach(part => any.orWhere(inner => part(inner))),
      );
  }
  if (isNot(criteria)) {
    const inner = criteriaClause(db, criteria.not, !negated);
    return query => query.whereNot(sub => inner(sub));
  }
  return ruleClause(db, criteria, negated);
}
