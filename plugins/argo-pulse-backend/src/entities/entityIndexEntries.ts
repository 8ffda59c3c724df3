import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { ApplicationIndexEntry, ApplicationKey } from '../database/types';
import { readEntityTarget } from './entityTarget';
import { selectApplications } from './selectApplications';
import { TimeSlices } from './TimeSlices';

/** One entity of the index: who it is, what conditions and filters ask of it, and its applications. */
export interface EntityIndexEntry {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  system?: string;
  owners: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  applications: ApplicationKey[];
}

const lower = (text: string) => text.toLocaleLowerCase('en-US');

/** The entity's system, as a full ref (`spec.system` may be short). */
function systemOf(entity: Entity): string | undefined {
  const system = (entity.spec as { system?: unknown } | undefined)?.system;
  if (typeof system !== 'string' || !system) return undefined;
  try {
    return lower(
      stringifyEntityRef(
        parseEntityRef(system, {
          defaultKind: 'system',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    );
  } catch {
    return undefined;
  }
}

/** Its owners: the `ownedBy` relations the catalog made, else the `spec.owner` it declares (a group by default). */
function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => lower(r.targetRef));
  if (related.length) return related;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return [];
  try {
    return [
      lower(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      ),
    ];
  } catch {
    return [];
  }
}

/**
 * What the index keeps of each entity with Argo CD annotations: its
 * applications resolved against the stored ones exactly as its own page
 * resolves them, its owners (the `ownedBy` relations, as the catalog's
 * `IS_ENTITY_OWNER` rule reads them), system, labels and annotations.
 * Entities whose annotations are invalid or select nothing are left out.
 *
 * Thousands of entities against tens of thousands of applications: each
 * entity's applications are looked up by name or label value
 * (`selectApplications`) rather than matched one by one, and the event loop
 * is given back every few milliseconds.
 */
export async function entityIndexEntries(
  entities: Entity[],
  applications: ApplicationIndexEntry[],
  configuredInstances: string[],
): Promise<EntityIndexEntry[]> {
  const slices = new TimeSlices();
  const entries: EntityIndexEntry[] = [];
  for (const entity of entities) {
    await slices.breathe();
    const target = readEntityTarget(entity);
    if (target.kind !== 'target') continue;
    const instances =
      target.target.instances?.filter(i => configuredInstances.includes(i)) ??
      configuredInstances;
    const selected = selectApplications(target.target, applications).filter(
      app => instances.includes(app.instance),
    );
    if (selected.length === 0) continue;
    entries.push({
      entityRef: lower(stringifyEntityRef(entity)),
      kind: lower(entity.kind),
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
      ...(systemOf(entity) ? { system: systemOf(entity) } : {}),
      owners: ownersOf(entity),
      labels: { ...entity.metadata.labels },
      annotations: { ...entity.metadata.annotations },
      applications: selected.map(({ instance, namespace, name }) => ({
        instance,
        namespace,
        name,
      })),
    });
  }
  return entries;
}
