import type { Entity } from '@backstage/catalog-model';
import { ARGOCD_APP_NAME_ANNOTATION, ARGOCD_APP_SELECTOR_ANNOTATION } from '@argo-pulse/backstage-plugin-common';

/**
 * Whether an entity is linked to Argo CD applications: it has an
 * `argocd/app-name` or `argocd/app-selector` annotation.
 *
 * @public
 */
export function isArgoPulseAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(annotations[ARGOCD_APP_NAME_ANNOTATION]?.trim() || annotations[ARGOCD_APP_SELECTOR_ANNOTATION]?.trim());
}
