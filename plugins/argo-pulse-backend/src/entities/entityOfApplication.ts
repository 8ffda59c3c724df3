import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ApplicationIndexEntry } from '../database/types';
import { argoCdAnnotatedEntities } from './argoCdAnnotatedEntities';
import { readEntityTarget } from './entityTarget';

/**
 * The entity whose Argo CD annotations select this application, for a task
 * that names an application only (argo-watcher's): then it shows on that
 * entity's page. Undefined when none does, or when several do (which one
 * would be a guess).
 */
export async function entityOfApplication(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  application: ApplicationIndexEntry;
}): Promise<string | undefined> {
  const items = await argoCdAnnotatedEntities({
    catalog: options.catalog,
    credentials: options.credentials,
    fields: [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.annotations',
    ],
  });
  const selecting = items.filter(entity => {
    const target = readEntityTarget(entity);
    return target.kind === 'target' && target.selects(options.application);
  });
  return selecting.length === 1 ? stringifyEntityRef(selecting[0]) : undefined;
}
