import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ArgoPulseDeployment,
  ArgoPulseExpectation,
  ExpectationDeploymentLink,
} from '@argo-pulse/backstage-plugin-common';
import { argoPulseApiRef } from '../api/ArgoPulseApi';
import { useLiveEntityData } from './useLiveEntityData';

/** Deployed expectations read beside a history page, for the CI run that asked for each deployment. */
const RECENT_DEPLOYED = 100;

/**
 * The expectation a deployment fulfilled, if one did: by the deployment's id,
 * or, for links recorded before ids existed, by Argo CD's history id; of the
 * same application either way, since an id is unique only within one (two
 * regions synced from one commit in the same second have equal ids).
 */
export function expectationFor(
  deployment: ArgoPulseDeployment,
  expectations: ArgoPulseExpectation[],
): ArgoPulseExpectation | undefined {
  const sameApplication = (link: ExpectationDeploymentLink) =>
    link.instance === deployment.instance &&
    link.namespace === deployment.namespace &&
    link.application === deployment.application;
  const fulfilled = (link: ExpectationDeploymentLink) =>
    sameApplication(link) &&
    (link.deploymentId !== undefined
      ? link.deploymentId === deployment.id
      : link.historyId !== undefined &&
        link.historyId === deployment.historyId);
  return expectations.find(e => e.deployments?.some(fulfilled));
}

/** One page of an entity's deployment history, kept live. */
export function useEntityHistory(
  entity: Entity,
  page: { limit: number; offset: number },
  refreshMs?: number,
) {
  const api = useApi(argoPulseApiRef);
  const ref = getCompoundEntityRef(entity);
  return useLiveEntityData({
    entity,
    load: async () => {
      const [history, deployed] = await Promise.all([
        api.getHistory(ref, page),
        api.getExpectations(ref, {
          states: ['deployed'],
          limit: RECENT_DEPLOYED,
        }),
      ]);
      return { ...history, expectations: deployed.items };
    },
    deps: [api, ref.kind, ref.namespace, ref.name, page.limit, page.offset],
    refreshMs,
    // The applications on this page; a deployment of another comes with an expectation or a later signal.
  });
}
