import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { argoCdAnnotatedEntities } from './argoCdAnnotatedEntities';
import type { DatabaseEntityIndex } from './DatabaseEntityIndex';
import { entityIndexEntries } from './entityIndexEntries';

/**
 * Rebuilds the entity index: reads the catalog's entities with Argo CD
 * annotations (as the plugin itself, with only the fields the index needs)
 * and resolves their annotations against the stored applications. Answers
 * how many entities it indexed, and how many of them it wrote (new or changed).
 */
export async function refreshEntityIndex(options: {
  catalog: CatalogService;
  auth: AuthService;
  store: ArgoPulseStore;
  index: DatabaseEntityIndex;
  configuredInstances: string[];
}): Promise<{ entities: number; rewritten: number }> {
  const credentials = await options.auth.getOwnServiceCredentials();
  const items = await argoCdAnnotatedEntities({
    catalog: options.catalog,
    credentials,
    fields: [
      'kind',
      'metadata.namespace',
      'metadata.name',
      'metadata.annotations',
      'metadata.labels',
      'spec.system',
      'spec.owner',
      'relations',
    ],
  });
  const entries = await entityIndexEntries(
    items,
    await options.store.listApplicationIndex({}),
    options.configuredInstances,
  );
  const rewritten = await options.index.replace(entries);
  return { entities: entries.length, rewritten };
}
