import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { storableText } from '../database/columns';
import { chunks } from '../database/chunks';
import type { EntityIndexEntry } from './entityIndexEntries';
import { TimeSlices } from './TimeSlices';

/** What the index holds of an entity, as a digest: equal digests, nothing to rewrite. */
const digestOf = (entry: EntityIndexEntry) =>
  createHash('sha256').update(JSON.stringify(entry)).digest('hex');

/**
 * The entity index in the database. A rebuild rewrites only the entities
 * whose entry changed (by digest) and removes those gone, in one
 * transaction, so a reader never sees half of an old index and half of a new
 * one, and a catalog that did not change costs one read.
 */
export class DatabaseEntityIndex {
  constructor(private readonly db: Knex) {}

  /** Makes the index hold exactly these entries; answers how many entities it rewrote or removed. */
  async replace(all: EntityIndexEntry[]): Promise<number> {
    const slices = new TimeSlices();
    const digests = new Map<string, string>();
    for (const entry of all) {
      await slices.breathe();
      digests.set(entry.entityRef, digestOf(entry));
    }
    const stored = new Map<string, string | null>(
      (await this.db('argo_pulse_entities').select('entity_ref', 'digest')).map(
        r => [r.entity_ref, r.digest],
      ),
    );
    const entries = all.filter(
      e => stored.get(e.entityRef) !== digests.get(e.entityRef),
    );
    const rewritten = new Set(entries.map(e => e.entityRef));
    const outdated = [...stored.keys()].filter(
      ref => !digests.has(ref) || rewritten.has(ref),
    );
    if (entries.length === 0 && outdated.length === 0) return 0;
    // A first build writes every entity: the loop is given back between statements.
    await this.db.transaction(async tx => {
      for (const refs of chunks(outdated)) {
        await slices.breathe();
        await tx('argo_pulse_entity_facts')
          .whereIn('entity_ref', refs)
          .delete();
        await tx('argo_pulse_entity_applications')
          .whereIn('entity_ref', refs)
          .delete();
        await tx('argo_pulse_entities').whereIn('entity_ref', refs).delete();
      }
      for (const batch of chunks(entries)) {
        await slices.breathe();
        await tx('argo_pulse_entities').insert(
          batch.map(e => ({
            entity_ref: e.entityRef,
            kind: e.kind,
            namespace: e.namespace,
            name: e.name,
            system: e.system ?? null,
            digest: digests.get(e.entityRef),
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
      for (const batch of chunks(applications)) {
        await slices.breathe();
        await tx('argo_pulse_entity_applications').insert(batch);
      }
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
      for (const batch of chunks(facts)) {
        await slices.breathe();
        await tx('argo_pulse_entity_facts').insert(batch);
      }
    });
    return new Set([...outdated, ...rewritten]).size;
  }
}
