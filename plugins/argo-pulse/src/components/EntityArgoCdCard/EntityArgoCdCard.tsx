import type { Entity } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  isArgoPulseAvailable,
} from '@argo-pulse/backstage-plugin-common';
import type { ReactNode } from 'react';
import { PluginRoot } from '../PluginRoot';

/** The empty state of an entity that names no Argo CD application. */
export function MissingArgoCdAnnotation() {
  return (
    <MissingAnnotationEmptyState
      annotation={[ARGOCD_APP_NAME_ANNOTATION, ARGOCD_APP_SELECTOR_ANNOTATION]}
    />
  );
}

/**
 * A card on the current entity's page: the missing-annotation state when
 * the entity names no Argo CD application (and nothing is fetched),
 * otherwise what `children` renders for the entity.
 */
export function EntityArgoCdCard(props: {
  title: string;
  children: (entity: Entity) => ReactNode;
}) {
  const { entity } = useEntity();
  if (!isArgoPulseAvailable(entity)) {
    return (
      <PluginRoot>
        <InfoCard title={props.title}>
          <MissingArgoCdAnnotation />
        </InfoCard>
      </PluginRoot>
    );
  }
  return (
    <PluginRoot>
      <InfoCard title={props.title} noPadding>
        {props.children(entity)}
      </InfoCard>
    </PluginRoot>
  );
}
