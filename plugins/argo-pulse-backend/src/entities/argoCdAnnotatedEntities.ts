import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_APPLICATIONSET_ANNOTATION,
} from '@argo-pulse/backstage-plugin-common';

/**
 * The catalog's entities with an `argocd/app-name`, `argocd/app-selector` or
 * `argocd/applicationset` annotation, with only the fields asked for, read with the credentials given.
 */
export async function argoCdAnnotatedEntities(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  fields: string[];
}): Promise<Entity[]> {
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
        {
          [`metadata.annotations.${ARGOCD_APPLICATIONSET_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields: options.fields,
    },
    { credentials: options.credentials },
  );
  return items;
}
