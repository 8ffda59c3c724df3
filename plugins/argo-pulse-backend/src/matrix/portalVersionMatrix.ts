import type { ArgoPulseEntityVersions } from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import type { EnvironmentConfig } from '../config/readEnvironments';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { applicationKeyString } from '../database/ArgoPulseStore';
import {
  EntityAccess,
  entityClauses,
  EntityFilters,
} from '../entities/entityFilters';
import { matrixApplications, matrixColumns } from './entityVersionMatrix';
import { buildVersionMatrix } from './versionMatrix';

/**
 * The version matrix of many entities at once (a team's, a system's): one
 * entry per entity of the index that the filters and the caller's access
 * select, by entity ref, paged in the database; columns shared by all, so
 * the entities line up.
 */
export async function portalVersionMatrix(options: {
  db: Knex;
  store: ArgoPulseStore;
  filters: EntityFilters;
  access: EntityAccess;
  environments: EnvironmentConfig[];
  /** The configured instances, in order. */
  instances: string[];
  limit: number;
  offset: number;
}): Promise<{
  environments: string[];
  entities: ArgoPulseEntityVersions[];
  hasMore: boolean;
}> {
  const { db, store, environments } = options;
  const selected: Array<{ entity_ref: string }> = await db(
    'argo_pulse_entities as e',
  )
    .modify(entityClauses(db, options.filters, options.access))
    .orderBy('e.entity_ref')
    .limit(options.limit + 1)
    .offset(options.offset)
    .select('e.entity_ref');
  const refs = selected.slice(0, options.limit).map(row => row.entity_ref);
  const selections: Array<{
    entity_ref: string;
    instance: string;
    app_namespace: string;
    application: string;
  }> = refs.length
    ? await db('argo_pulse_entity_applications')
        .whereIn('entity_ref', refs)
        .select()
    : [];
  const keyOf = (s: (typeof selections)[number]) =>
    applicationKeyString({
      instance: s.instance,
      namespace: s.app_namespace,
      name: s.application,
    });
  // An application two entities select is read once.
  const keys = [
    ...new Map(
      selections.map(s => [
        keyOf(s),
        {
          instance: s.instance,
          namespace: s.app_namespace,
          name: s.application,
        },
      ]),
    ).values(),
  ];
  const apps = new Map(
    (await matrixApplications(store, keys, environments)).map(app => [
      applicationKeyString(app.key),
      app,
    ]),
  );
  const used = new Set(keys.map(key => key.instance));
  const columns = matrixColumns(
    environments,
    options.instances.filter(instance => used.has(instance)),
    [...apps.values()],
  );
  const entities = refs.map(entityRef => {
    const own = selections
      .filter(s => s.entity_ref === entityRef)
      .flatMap(s => apps.get(keyOf(s)) ?? []);
    return { entityRef, ...buildVersionMatrix(columns, own) };
  });
  return {
    environments: columns,
    entities,
    hasMore: selected.length > options.limit,
  };
}
