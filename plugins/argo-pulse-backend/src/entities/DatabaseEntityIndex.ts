import type { Knex } from 'knex';
import { storableText } from '../database/columns';
import { chunks } from '../database/chunks';
import type { EntityIndexEntry } from './entityIndexEntries';

/**
 * The entity index in the database: replaced as a whole each time it is
 * rebuilt from the catalog, in one transaction, so a reader never sees half
 * of an old index and half of a new one.
 */
export class DatabaseEntityIndex {
  constructor(private readonly db: Knex) {}

  async replace(entries: EntityIndexEntry[]): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('argo_pulse_entity_facts').delete();
      await tx('argo_pulse_entity_applications').delete();
      await tx('argo_pulse_entities').delete();
      for (const batch of chunks(entries)) {
        await tx('argo_pulse_entities').insert(
          batch.map(e => ({
            entity_ref: e.entityRef,
            kind: e.kind,
            namespace: e.namespace,
            name: e.name,
            system: e.system ?? null,
          })),
        );
      }
      const applications = entries.flatMap(e =>
        e.applications.map(a => ({
          entity_ref: e.entityRef,
          instance: a.instance,
          app_namespace: a.namespace,
          application: a.name,
        })),
      );
      for (const batch of chunks(applications))
        await tx('argo_pulse_entity_applications').insert(batch);
      const facts = entries.flatMap(e => [
        ...e.owners.map(owner => ({
          entity_ref: e.entityRef,
          type: 'owner',
          key: '',
          value: owner,
        })),
        ...Object.entries(e.labels).map(([key, value]) => ({
          entity_ref: e.entityRef,
          type: 'label',
          key: storableText(key, 255),
          value: storableText(value),
        })),
        ...Object.entries(e.annotations).map(([key, value]) => ({
          entity_ref: e.entityRef,
          type: 'annotation',
          key: storableText(key, 255),
          value: storableText(value),
        })),
      ]);
      for (const batch of chunks(facts))
        await tx('argo_pulse_entity_facts').insert(batch);
    });
  }
}
