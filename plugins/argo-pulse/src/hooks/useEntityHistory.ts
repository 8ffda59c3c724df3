import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { ArgoPulseDeployment, ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import { argoPulseApiRef } from '../api/ArgoPulseApi';
import { useLiveData } from './useLiveData';

/** Deployed expectations read beside a history page, for the CI run that asked for each deployment. */
const RECENT_DEPLOYED = 100;

const deploymentKey = (d: { instance: string; namespace: string; application: string; historyId: number }) =>
  `${d.instance}/${d.namespace}/${d.application}/${d.historyId}`;

/** The expectation a deployment fulfilled, if one did. */
export function expectationFor(deployment: ArgoPulseDeployment, expectations: ArgoPulseExpectation[]): ArgoPulseExpectation | undefined {
  const key = deploymentKey(deployment);
  return expectations.find(e => e.deployments?.some(link => deploymentKey(link) === key));
}

/** One page of an entity's deployment history, kept live. */
export function useEntityHistory(entity: Entity, page: { limit: number; offset: number }, refreshMs?: number) {
  const api = useApi(argoPulseApiRef);
  const ref = getCompoundEntityRef(entity);
  return useLiveData(
    async () => {
      const [history, deployed] = await Promise.all([
        api.getHistory(ref, page),
        api.getExpectations(ref, { states: ['deployed'], limit: RECENT_DEPLOYED }),
      ]);
      return { ...history, expectations: deployed.items };
    },
    [api, ref.kind, ref.namespace, ref.name, page.limit, page.offset],
    refreshMs,
  );
}
