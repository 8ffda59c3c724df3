import type { ArgoPulseApplicationSet } from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import { chunks } from './chunks';
import { json } from './columns';

const TABLE = 'argo_pulse_application_sets';

/** What is stored of an ApplicationSet beside its key: all but where and when. */
type Document = Omit<
  ArgoPulseApplicationSet,
  'instance' | 'namespace' | 'name' | 'observedAt'
>;

/**
 * Replaces an instance's stored ApplicationSets with the ones just read, in
 * one transaction: one that is gone from Argo CD is gone here too.
 */
export async function replaceApplicationSets(
  db: Knex,
  instance: string,
  sets: ArgoPulseApplicationSet[],
): Promise<void> {
  await db.transaction(async tx => {
    await tx(TABLE).where({ instance }).delete();
    for (const rows of chunks(sets)) {
      await tx(TABLE).insert(
        rows.map(({ instance: _, namespace, name, observedAt, ...rest }) => ({
          instance,
          namespace,
          name,
          document: json(rest satisfies Document),
          observed_at: observedAt,
        })),
      );
    }
  });
}

/** The stored ApplicationSets of these names in these instances (any namespace), by instance and name. */
export async function getApplicationSets(
  db: Knex,
  keys: Array<{ instance: string; name: string }>,
): Promise<ArgoPulseApplicationSet[]> {
  const found: ArgoPulseApplicationSet[] = [];
  for (const batch of chunks(keys)) {
    const rows = await db(TABLE)
      .whereIn(
        ['instance', 'name'],
        batch.map(k => [k.instance, k.name]),
      )
      .orderBy(['instance', 'name', 'namespace'])
      .select('instance', 'namespace', 'name', 'document', 'observed_at');
    found.push(
      ...rows.map(row => ({
        instance: row.instance,
        namespace: row.namespace,
        name: row.name,
        ...(JSON.parse(row.document) as Document),
        observedAt: row.observed_at,
      })),
    );
  }
  return found;
}
