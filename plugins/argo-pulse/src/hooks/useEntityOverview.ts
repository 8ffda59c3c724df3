import { getCompoundEntityRef, Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
} from '@argo-pulse/backstage-plugin-common';
import { argoPulseApiRef } from '../api/ArgoPulseApi';
import { useLiveEntityData } from './useLiveEntityData';

/** Recent expectations read with the overview: enough to find each application's latest. */
const RECENT_EXPECTATIONS = 50;

/** The newest expectation that targets this application, if any. */
export function latestExpectationFor(
  app: ArgoPulseApplicationOverview,
  expectations: ArgoPulseExpectation[],
): ArgoPulseExpectation | undefined {
  return expectations.find(e =>
    e.applications.some(
      a =>
        a.instance === app.instance &&
        a.namespace === app.namespace &&
        a.name === app.name,
    ),
  );
}

/** An entity's applications, instance freshness and recent expectations, kept live. */
export function useEntityOverview(entity: Entity, refreshMs?: number) {
  const api = useApi(argoPulseApiRef);
  const ref = getCompoundEntityRef(entity);
  return useLiveEntityData({
    entity,
    load: async () => {
      const [overview, expectations] = await Promise.all([
        api.getApplications(ref),
        api.getExpectations(ref, { limit: RECENT_EXPECTATIONS }),
      ]);
      return { ...overview, expectations: expectations.items };
    },
    deps: [api, ref.kind, ref.namespace, ref.name],
    refreshMs,
  });
}
