import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
} from '@argo-pulse/backstage-plugin-common';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { ApplicationIndexEntry } from '../database/types';
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
  const { items } = await options.catalog.getEntities(
    {
      filter: [
        {
          [`metadata.annotations.${ARGOCD_APP_NAME_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        {
          [`metadata.annotations.${ARGOCD_APP_SELECTOR_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials: options.credentials },
  );
  const selecting = items.filter(entity => {
    const target = readEntityTarget(entity);
    return target.kind === 'target' && target.selects(options.application);
  });
  return selecting.length === 1 ? stringifyEntityRef(selecting[0]) : undefined;
}
