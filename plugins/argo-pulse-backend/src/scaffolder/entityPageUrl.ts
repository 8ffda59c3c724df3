import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The entity's page in the Backstage app (`/catalog/:namespace/:kind/:name`,
 * the catalog's own route), where Argo Pulse's cards show the verdict.
 */
export function entityPageUrl(appBaseUrl: string, entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `${appBaseUrl.replace(/\/+$/, '')}/catalog/${[
    namespace,
    kind.toLocaleLowerCase('en-US'),
    name,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}
